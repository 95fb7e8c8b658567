package dev.solid.common.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error meant for the client. Thrown anywhere in a service and turned into problem+json in one
 * place (the service kit's problem mappers, the gateway's exchange). The message is shown to the
 * client, so it never carries internal detail.
 *
 * <p>Built from an {@link ErrorCode}, which fixes the status. {@link #retryAfter} adds a {@code
 * Retry-After} header and {@link #member} a top-level member of the problem body (as {@code
 * resets_at} on a daily-cap refusal), so no exception needs a mapper of its own.
 */
public class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final List<ProblemDetail> details;
  private final Map<String, Object> members = new LinkedHashMap<>();
  private Long retryAfterSeconds;

  public ApiException(ErrorCode code, String message, List<ProblemDetail> details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public ApiException(ErrorCode code, String message) {
    this(code, message, List.of());
  }

  public int status() {
    return code.status();
  }

  public ErrorCode errorCode() {
    return code;
  }

  /** The published code, as in the problem body. */
  public String code() {
    return code.code();
  }

  public List<ProblemDetail> details() {
    return details;
  }

  /** Seconds the client should wait before retrying (the {@code Retry-After} header), or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Extra top-level members of the problem body, in insertion order. */
  public Map<String, Object> members() {
    return Map.copyOf(members);
  }

  /** Answers with {@code Retry-After: seconds} (at least 1). */
  public ApiException retryAfter(long seconds) {
    this.retryAfterSeconds = Math.max(1, seconds);
    return this;
  }

  /** Adds a top-level member to the problem body (snake_case name). */
  public ApiException member(String name, Object value) {
    members.put(name, value);
    return this;
  }

  /** The problem body of this exception for the request {@code requestId}. */
  public Problem toProblem(String requestId) {
    return Problem.of(code, getMessage(), details, requestId).withMembers(members);
  }

  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ApiException badRequest(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(ErrorCode.UNAUTHORIZED, message);
  }

  public static ApiException missingScope(String scope) {
    return new ApiException(
        ErrorCode.FORBIDDEN,
        "This API key lacks the required scope '" + scope + "'",
        List.of(new ProblemDetail("scope", "missing_scope", scope)));
  }

  public static ApiException conflict(String message) {
    return new ApiException(ErrorCode.CONFLICT, message);
  }

  public static ApiException unavailable(String message, long retryAfterSeconds) {
    return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, message).retryAfter(retryAfterSeconds);
  }

  public static ApiException validation(String message, List<ProblemDetail> details) {
    return new ApiException(ErrorCode.VALIDATION_ERROR, message, details);
  }

  public static ApiException validation(ProblemDetail detail, String message) {
    return validation(message, List.of(detail));
  }
}
