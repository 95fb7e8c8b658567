package dev.solid.payments.charge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One charge attempt of an order or an invoice, as stored and answered ({@code object: "payment"}).
 * Never holds a card number: a test card is kept as its brand and last four.
 */
public record Payment(
    long id,
    @JsonIgnore long companyId,
    boolean livemode,
    Long orderId,
    Long invoiceId,
    long amount,
    String currency,
    String status,
    String processor,
    String processorId,
    String paymentMethod,
    String cardBrand,
    String cardLast4,
    String failureCode,
    String declineCode,
    String failureMessage,
    long amountRefunded,
    Instant createdAt,
    Instant updatedAt) {
  public static final String PROCESSING = "processing";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  // A record serializes its components only; this method is part of the answer too.
  @JsonProperty("object")
  public String object() {
    return "payment";
  }

  /** The key the processor dedupes this charge by: one per payment row, never reused. */
  public String idempotencyKey() {
    return "solid_payment_" + companyId + "_" + id;
  }
}
