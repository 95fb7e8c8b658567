package dev.solid.payments.subscription;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A test clock ({@code object: "test_clock"}, test mode only): subscriptions created with it live
 * in its {@code frozen_time}. Advancing it runs every transition that falls due in between, in time
 * order; {@code status} is {@code advancing} until they all ran, then {@code ready}. Times on the
 * wire are Unix seconds, as Stripe's.
 */
public record TestClock(
    long id,
    @JsonIgnore long companyId,
    boolean livemode,
    String name,
    @JsonIgnore Instant frozenAt,
    @JsonIgnore Instant advancingTo,
    String status,
    Instant createdAt) {

  @JsonProperty("object")
  public String object() {
    return "test_clock";
  }

  @JsonProperty("frozen_time")
  public long frozenTime() {
    return frozenAt.getEpochSecond();
  }
}
