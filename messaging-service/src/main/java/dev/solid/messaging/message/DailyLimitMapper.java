package dev.solid.messaging.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.common.error.ProblemDetail;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers {@link DailyLimitReachedException}: the common problem body plus a top-level {@code
 * resets_at} (so a client need not dig in {@code details}) and {@code Retry-After} in seconds, as
 * every other 429 of the platform carries. RESTEasy picks the most specific mapper, so this wins
 * over the common ApiException mapper for this one exception only.
 */
public class DailyLimitMapper {

  /** The problem body with {@code resets_at}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DailyLimitProblem(
      String type,
      String title,
      int status,
      String code,
      String message,
      List<ProblemDetail> details,
      @JsonProperty("request_id") String requestId,
      @JsonProperty("resets_at") Instant resetsAt) {}

  @ServerExceptionMapper
  public Response dailyLimit(DailyLimitReachedException e, HttpHeaders headers) {
    Problem p =
        Problem.of(e.status(), e.code(), e.getMessage(), e.details(), RequestIds.from(headers));
    long retryAfter = Math.max(1, Duration.between(Instant.now(), e.resetsAt()).toSeconds());
    return Response.status(e.status())
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", retryAfter)
        .entity(
            new DailyLimitProblem(
                p.type(),
                ErrorCode.reasonPhrase(e.status()),
                p.status(),
                p.code(),
                p.message(),
                p.details(),
                p.requestId(),
                e.resetsAt()))
        .build();
  }
}
