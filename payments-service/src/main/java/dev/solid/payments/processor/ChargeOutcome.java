package dev.solid.payments.processor;

/**
 * What a processor answered to a charge: succeeded, or failed with the processor's code, decline
 * code and customer-facing message. {@code retryable} is true for failures a later attempt may pass
 * (Stripe's {@code processing_error}).
 */
public record ChargeOutcome(
    boolean succeeded,
    String processorId,
    String cardBrand,
    String cardLast4,
    String failureCode,
    String declineCode,
    String message,
    boolean retryable) {

  public static ChargeOutcome success(String processorId, String brand, String last4) {
    return new ChargeOutcome(true, processorId, brand, last4, null, null, null, false);
  }

  public static ChargeOutcome failure(
      String processorId,
      String brand,
      String last4,
      String code,
      String declineCode,
      String message,
      boolean retryable) {
    return new ChargeOutcome(
        false, processorId, brand, last4, code, declineCode, message, retryable);
  }
}
