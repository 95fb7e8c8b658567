package dev.solid.deploy;

/** The platform could not start; the message says what failed and where to look. */
public final class StartupException extends RuntimeException {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
