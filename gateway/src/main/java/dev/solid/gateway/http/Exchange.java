package dev.solid.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.gateway.ratelimit.RateLimitDecision;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One request on its way through the gateway: its id, the rate-limit outcome once known, and the
 * single way of writing the answer, so every response carries X-Request-Id and the rate-limit
 * headers, and every error is problem+json.
 */
public final class Exchange {
  private static final Logger LOG = Logger.getLogger(Exchange.class);
  private final RoutingContext rc;
  private final String requestId;
  private final ObjectMapper mapper;
  private RateLimitDecision rateLimit;

  /** Routing-context key of the request id assigned when the request arrived. */
  public static final String REQUEST_ID = "solid.request-id";

  public Exchange(RoutingContext rc, ObjectMapper mapper) {
    this.rc = rc;
    String assigned = rc.get(REQUEST_ID);
    this.requestId = assigned == null ? RequestIds.newId() : assigned;
    this.mapper = mapper;
    rc.response().putHeader(RequestIds.HEADER, requestId);
  }

  public RoutingContext context() {
    return rc;
  }

  public String requestId() {
    return requestId;
  }

  public void rateLimit(RateLimitDecision decision) {
    this.rateLimit = decision;
  }

  /** Status line and the headers every response gets; the caller writes the body. */
  public HttpServerResponse start(int status, Map<String, String> headers) {
    HttpServerResponse response = rc.response();
    response.setStatusCode(status);
    headers.forEach(response::putHeader);
    response.putHeader(RequestIds.HEADER, requestId);
    if (rateLimit != null) {
      rateLimit.writeHeaders(response);
    }
    return response;
  }

  public void send(int status, Map<String, String> headers, Buffer body) {
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    HttpServerResponse response = start(status, headers);
    if (body == null || body.length() == 0) {
      response.end();
    } else {
      response.end(body);
    }
  }

  public void sendJson(int status, Object body) {
    send(
        status,
        body == null ? Map.of() : Map.of("Content-Type", "application/json"),
        body == null ? null : json(body));
  }

  /** Writes any failure as problem+json; unexpected ones are logged with the request id. */
  public void fail(Throwable failure) {
    ApiException api =
        failure instanceof ApiException e
            ? e
            : new ApiException(
                500,
                ErrorCode.INTERNAL_ERROR,
                "An internal error occurred; report it with the request_id");
    if (!(failure instanceof ApiException)) {
      LOG.errorf(
          failure,
          "Unhandled error for %s %s (request %s)",
          rc.request().method(),
          rc.request().path(),
          requestId);
    }
    send(api.status(), Map.of("Content-Type", Problem.MEDIA_TYPE), problemBody(api));
  }

  public Buffer problemBody(ApiException e) {
    return json(Problem.of(e.status(), e.code(), e.getMessage(), e.details(), requestId));
  }

  public Buffer json(Object body) {
    try {
      return Buffer.buffer(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not serialise response", e);
    }
  }
}
