package dev.solid.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The one error body of the public API: RFC 9457 problem details plus the seed's envelope members
 * ({@code code}, {@code message}, {@code details}, {@code request_id}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String code,
    String message,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProblemDetail> details,
    @JsonProperty("request_id") String requestId) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://docs.solid.dev/errors/";

  public static Problem of(
      int status, String code, String message, List<ProblemDetail> details, String requestId) {
    return new Problem(
        TYPE_BASE + code,
        ErrorCode.reasonPhrase(status),
        status,
        code,
        message,
        details == null ? List.of() : List.copyOf(details),
        requestId);
  }
}
