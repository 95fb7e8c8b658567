package dev.solid.payments.processor;

/**
 * The processor could not be asked, or did not answer: the outcome of the charge or refund is
 * unknown. The row stays unfinished and the recovery job asks again with the same idempotency key
 * (or the processor's webhook finishes it).
 */
public class ProcessorUnavailableException extends RuntimeException {
  public ProcessorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
