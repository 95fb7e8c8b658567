package dev.solid.messaging.delivery;

/**
 * The request reached the provider but its answer does not say whether the message was taken (a 5xx
 * other than 503, a timeout): never retried, the message fails as {@code provider_outcome_unknown}.
 */
public class OutcomeUnknownException extends RuntimeException {
  public OutcomeUnknownException(String message) {
    super(message, null, false, false);
  }
}
