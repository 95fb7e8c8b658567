package dev.solid.common.error;

import java.util.List;

/**
 * An error meant for the client. Thrown anywhere in a service and turned into problem+json in one
 * place ({@link ProblemMappers}). The message is shown to the client, so it never carries internal
 * detail.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<ProblemDetail> details;

  public ApiException(int status, String code, String message, List<ProblemDetail> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<ProblemDetail> details() {
    return details;
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, ErrorCode.BAD_REQUEST, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, ErrorCode.UNAUTHORIZED, message);
  }

  public static ApiException missingScope(String scope) {
    return new ApiException(
        403,
        ErrorCode.FORBIDDEN,
        "This API key lacks the required scope '" + scope + "'",
        List.of(new ProblemDetail("scope", "missing_scope", scope)));
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, ErrorCode.CONFLICT, message);
  }

  public static ApiException validation(String message, List<ProblemDetail> details) {
    return new ApiException(422, ErrorCode.VALIDATION_ERROR, message, details);
  }

  public static ApiException validation(ProblemDetail detail, String message) {
    return validation(message, List.of(detail));
  }
}
