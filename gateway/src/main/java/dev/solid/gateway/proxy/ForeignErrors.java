package dev.solid.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.gateway.idempotency.IdempotencyStore.StoredResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * An upstream 4xx/5xx that is not problem+json (a framework's HTML error page, a bare text) never
 * reaches the client: the gateway answers the same status with its own problem+json and logs what
 * the upstream said.
 */
@ApplicationScoped
public class ForeignErrors {
  private static final Logger LOG = Logger.getLogger(ForeignErrors.class);

  private final ObjectMapper mapper;

  public ForeignErrors(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  static boolean isForeign(HttpClientResponse upstream) {
    if (upstream.statusCode() < 400) {
      return false;
    }
    String type = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
    return type == null || !type.toLowerCase(Locale.ROOT).startsWith(Problem.MEDIA_TYPE);
  }

  /** An HTML page: a hosted page's own error page (expired link, unknown invoice) stays. */
  static boolean isPage(HttpClientResponse upstream) {
    String type = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html");
  }

  /** The gateway's answer in place of the upstream's (whose body is read, logged and dropped). */
  Uni<StoredResponse> replace(HttpClientResponse upstream, String service, String requestId) {
    int status = upstream.statusCode();
    return Uni.createFrom()
        .completionStage(upstream.body().toCompletionStage())
        .onFailure()
        .recoverWithItem(Buffer.buffer())
        .map(
            body -> {
              String excerpt = body.length() > 500 ? body.getString(0, 500) + "…" : body.toString();
              LOG.warnf(
                  "Upstream %s answered %d with %s instead of problem+json (request %s): %s",
                  service,
                  status,
                  upstream.getHeader(HttpHeaders.CONTENT_TYPE),
                  requestId,
                  excerpt.replaceAll("\\s+", " "));
              Problem problem = genericProblem(status, service, requestId);
              Map<String, String> headers = new LinkedHashMap<>();
              headers.put("Content-Type", Problem.MEDIA_TYPE);
              // The methods the service allows stay: a 405 without Allow tells a client nothing.
              String allow = upstream.getHeader(HttpHeaders.ALLOW);
              if (allow != null) {
                headers.put("Allow", allow);
              }
              try {
                return new StoredResponse(status, headers, mapper.writeValueAsBytes(problem));
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /** The gateway's own problem for an upstream status it has to stand in for (status kept). */
  static Problem genericProblem(int status, String service, String requestId) {
    String message =
        switch (status) {
          case 404 -> "No such resource";
          case 405 -> "Method not allowed on this resource";
          case 406 ->
              "This resource answers application/json (errors application/problem+json), which"
                  + " the Accept header does not allow; send 'Accept: application/json' or none";
          default ->
              status >= 500
                  ? "The " + service + " service failed; report it with the request_id"
                  : "The "
                      + service
                      + " service refused the request ("
                      + ErrorCode.reasonPhrase(status)
                      + ")";
        };
    return Problem.of(status, ErrorCode.forStatus(status).code(), message, null, requestId);
  }
}
