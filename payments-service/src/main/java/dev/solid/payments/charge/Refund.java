package dev.solid.payments.charge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A refund of (part of) a payment, as stored and answered ({@code object: "refund"}). */
public record Refund(
    long id,
    @JsonIgnore long companyId,
    boolean livemode,
    long orderId,
    long paymentId,
    long amount,
    String currency,
    String reason,
    String status,
    String processorId,
    String failureMessage,
    Instant createdAt,
    Instant updatedAt) {
  public static final String PENDING = "pending";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  // A record serializes its components only; this method is part of the answer too.
  @JsonProperty("object")
  public String object() {
    return "refund";
  }

  public String idempotencyKey() {
    return "solid_refund_" + companyId + "_" + id;
  }
}
