package dev.solid.common.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one error body of the public API: RFC 9457 problem details plus the seed's envelope members
 * ({@code code}, {@code message}, {@code details}, {@code request_id}), and any extension members
 * an error adds ({@code resets_at}, {@code decline_code}): RFC 9457 §3.2 allows them at top level.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String code,
    String message,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProblemDetail> details,
    @JsonProperty("request_id") String requestId,
    @JsonIgnore Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://docs.solid.dev/errors/";

  /**
   * Most field-level details one problem lists: a body with 2,000 bad items gets the first ones.
   */
  public static final int MAX_DETAILS = 50;

  public Problem {
    details =
        details == null
            ? List.of()
            : List.copyOf(details.size() > MAX_DETAILS ? details.subList(0, MAX_DETAILS) : details);
    extensions = extensions == null ? Map.of() : extensions;
  }

  public static Problem of(
      ErrorCode code, String message, List<ProblemDetail> details, String requestId) {
    return of(code.status(), code.code(), message, details, requestId);
  }

  /**
   * A problem with a status and code as received (an upstream's answer relayed as is). Code of our
   * own build problems from an {@link ErrorCode}.
   */
  public static Problem of(
      int status, String code, String message, List<ProblemDetail> details, String requestId) {
    return new Problem(
        TYPE_BASE + code,
        ErrorCode.reasonPhrase(status),
        status,
        code,
        message,
        details,
        requestId,
        Map.of());
  }

  /** This problem with extra top-level members. */
  public Problem withMembers(Map<String, Object> members) {
    if (members == null || members.isEmpty()) {
      return this;
    }
    Map<String, Object> all = new LinkedHashMap<>(extensions);
    all.putAll(members);
    return new Problem(type, title, status, code, message, details, requestId, all);
  }

  @JsonAnyGetter
  Map<String, Object> jsonExtensions() {
    return extensions;
  }
}
