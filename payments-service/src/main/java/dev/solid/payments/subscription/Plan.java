package dev.solid.payments.subscription;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A price per interval subscriptions are billed by ({@code object: "plan"}). */
public record Plan(
    long id,
    @JsonIgnore long companyId,
    boolean livemode,
    String name,
    long amount,
    String currency,
    String interval,
    Integer trialDays,
    boolean active,
    Instant createdAt,
    Instant updatedAt) {

  @JsonProperty("object")
  public String object() {
    return "plan";
  }

  /** The price of a year of this plan: how plans of different intervals compare. */
  public long yearlyAmount() {
    return "year".equals(interval) ? amount : amount * 12;
  }
}
