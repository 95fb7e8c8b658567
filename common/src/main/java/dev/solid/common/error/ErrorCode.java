package dev.solid.common.error;

/**
 * Published error codes. Once published a code never changes meaning; new, more specific codes may
 * be added.
 */
public final class ErrorCode {
  public static final String BAD_REQUEST = "bad_request";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String FORBIDDEN = "forbidden";
  public static final String NOT_FOUND = "not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String CONFLICT = "conflict";
  public static final String IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use";
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String VALIDATION_ERROR = "validation_error";
  public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
  public static final String INTERNAL_ERROR = "internal_error";
  public static final String SERVICE_UNAVAILABLE = "service_unavailable";
  public static final String BAD_GATEWAY = "bad_gateway";
  public static final String GATEWAY_TIMEOUT = "gateway_timeout";

  private ErrorCode() {}

  /** HTTP reason phrase used as the problem {@code title}. */
  public static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
  }
}
