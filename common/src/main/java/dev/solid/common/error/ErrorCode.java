package dev.solid.common.error;

/**
 * Published error codes, each with the HTTP status it is answered with. Once published a code never
 * changes meaning or status; new, more specific codes may be added. Problems are built from a code
 * ({@link ApiException#ApiException(ErrorCode, String)}), never from a status and a string paired
 * by hand.
 */
public enum ErrorCode {
  BAD_REQUEST(400, "bad_request"),
  UNAUTHORIZED(401, "unauthorized"),
  PAYMENT_FAILED(402, "payment_failed"),
  FORBIDDEN(403, "forbidden"),
  NOT_FOUND(404, "not_found"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  NOT_ACCEPTABLE(406, "not_acceptable"),
  CONFLICT(409, "conflict"),
  IDEMPOTENCY_KEY_IN_USE(409, "idempotency_key_in_use"),
  INVALID_STATE(409, "invalid_state"),
  ENDPOINT_LIMIT_REACHED(409, "endpoint_limit_reached"),
  PAYLOAD_TOO_LARGE(413, "payload_too_large"),
  URI_TOO_LONG(414, "uri_too_long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
  VALIDATION_ERROR(422, "validation_error"),
  RATE_LIMIT_EXCEEDED(429, "rate_limit_exceeded"),
  ACCOUNT_DAILY_LIMIT_REACHED(429, "account_daily_limit_reached"),
  HEADERS_TOO_LARGE(431, "request_header_fields_too_large"),
  INTERNAL_ERROR(500, "internal_error"),
  BAD_GATEWAY(502, "bad_gateway"),
  SERVICE_UNAVAILABLE(503, "service_unavailable"),
  GATEWAY_TIMEOUT(504, "gateway_timeout");

  private final int status;
  private final String code;

  ErrorCode(int status, String code) {
    this.status = status;
    this.code = code;
  }

  /** The HTTP status this code is always answered with. */
  public int status() {
    return status;
  }

  /** The code as published in {@code code} of the problem body. */
  public String code() {
    return code;
  }

  /** The HTTP reason phrase, the problem's {@code title}. */
  public String title() {
    return reasonPhrase(status);
  }

  @Override
  public String toString() {
    return code;
  }

  /** The published code with this wire name, or null. */
  public static ErrorCode fromCode(String code) {
    for (ErrorCode value : values()) {
      if (value.code.equals(code)) {
        return value;
      }
    }
    return null;
  }

  /**
   * The general code of a status, for answers that carry no code of their own (a framework's 4xx,
   * an upstream's non-problem error): {@code internal_error} for an unknown 5xx, {@code
   * bad_request} for an unknown 4xx.
   */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 400 -> BAD_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 402 -> PAYMENT_FAILED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 422 -> VALIDATION_ERROR;
      case 429 -> RATE_LIMIT_EXCEEDED;
      case 431 -> HEADERS_TOO_LARGE;
      case 502 -> BAD_GATEWAY;
      case 503 -> SERVICE_UNAVAILABLE;
      case 504 -> GATEWAY_TIMEOUT;
      default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    };
  }

  /** HTTP reason phrase used as the problem {@code title}. */
  public static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
  }
}
