package dev.solid.payments.processor;

/**
 * The processor refused the request itself (malformed, unauthorized, forbidden): a bug or a
 * configuration error on our side, not the customer's card, and nothing was charged or refunded.
 * The row is recorded failed and the client gets 502 {@code bad_gateway}; the processor's own error
 * is logged, never answered.
 */
public class ProcessorRejectedException extends IllegalStateException {
  public ProcessorRejectedException(String message) {
    super(message);
  }
}
