package dev.solid.gateway.oauth;

/**
 * An OAuth protocol error (RFC 6749 §5.2, RFC 7591 §3.2.2): its {@code error} code, said to the
 * client in the token and registration answers (with the API's problem members alongside) or in the
 * redirect back to it.
 */
final class OAuthError extends RuntimeException {
  private final int status;
  private final String error;

  OAuthError(int status, String error, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description);
  }

  static OAuthError invalidGrant(String description) {
    return new OAuthError(400, "invalid_grant", description);
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }
}
