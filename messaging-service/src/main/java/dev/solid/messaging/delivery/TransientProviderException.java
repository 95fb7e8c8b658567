package dev.solid.messaging.delivery;

/** The provider did not take the message (connect error, 429, 503): safe to try again. */
public class TransientProviderException extends RuntimeException {
  public TransientProviderException(String message) {
    super(message, null, false, false);
  }
}
