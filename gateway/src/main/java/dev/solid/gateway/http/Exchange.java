package dev.solid.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.gateway.ratelimit.RateLimitDecision;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One request on its way through the gateway: its id, the rate-limit outcome once known, and the
 * single way of writing the answer, so every response carries X-Request-Id and (once the caller is
 * known) the rate-limit headers, and every error is problem+json.
 *
 * <p>A request gets one answer. Once one has started (its status set for streaming, its head
 * written, or the client gone), a later {@link #send} or {@link #fail} is dropped with a debug line
 * instead of writing over it: a second write is what Vert.x reports as "Response has already been
 * written".
 */
public final class Exchange {
  private static final Logger LOG = Logger.getLogger(Exchange.class);

  /** Routing-context key of the request id assigned when the request arrived. */
  public static final String REQUEST_ID = "solid.request-id";

  /** Routing-context key of the rate-limit decision, once made. */
  public static final String RATE_LIMIT = "solid.rate-limit";

  /** Routing-context key of the largest body the gateway reads. */
  public static final String MAX_BODY = "solid.max-body";

  /** Routing-context flag set once an answer has started: nothing else may be written. */
  private static final String ANSWERED = "solid.answered";

  /** Seconds a client is asked to wait after a 503. */
  static final String RETRY_AFTER_UNAVAILABLE = "5";

  private final RoutingContext rc;
  private final String requestId;
  private final ObjectMapper mapper;

  public Exchange(RoutingContext rc, ObjectMapper mapper) {
    this.rc = rc;
    String assigned = rc.get(REQUEST_ID);
    if (assigned == null) {
      // A request failed before the gateway's first handler ran (Vert.x Web refuses a request
      // without Host while routing it): it gets its id here, and the access log finds it.
      assigned = RequestIds.newId();
      rc.put(REQUEST_ID, assigned);
    }
    this.requestId = assigned;
    this.mapper = mapper;
    if (!rc.response().headWritten()) {
      rc.response().putHeader(RequestIds.HEADER, requestId);
    }
  }

  public RoutingContext context() {
    return rc;
  }

  public String requestId() {
    return requestId;
  }

  public void rateLimit(RateLimitDecision decision) {
    rc.put(RATE_LIMIT, decision);
  }

  /**
   * Whether this request's answer has started or can no longer be written (the client went away):
   * anything written now would be a second answer.
   */
  public boolean answered() {
    HttpServerResponse response = rc.response();
    return rc.get(ANSWERED) != null
        || response.headWritten()
        || response.ended()
        || response.closed();
  }

  /**
   * Status line and the headers every response gets; the caller writes the body. Only once per
   * request: check {@link #answered()} first.
   */
  public HttpServerResponse start(int status, Map<String, String> headers) {
    if (answered()) {
      throw new IllegalStateException("The answer to request " + requestId + " has started");
    }
    rc.put(ANSWERED, Boolean.TRUE);
    HttpServerResponse response = rc.response();
    response.setStatusCode(status);
    headers.forEach(response::putHeader);
    response.putHeader(RequestIds.HEADER, requestId);
    RateLimitDecision rateLimit = rc.get(RATE_LIMIT);
    if (rateLimit != null) {
      rateLimit.writeHeaders(response);
    }
    if (status == 503 && !response.headers().contains("Retry-After")) {
      response.putHeader("Retry-After", RETRY_AFTER_UNAVAILABLE);
    }
    leaveUnreadBody(response);
    return response;
  }

  /**
   * An answer may go out before the request body was read (401, 404, 429, 413…). A body declared up
   * to four times the limit is read and thrown away (never kept), so that the client, still
   * sending, gets to read the answer and the connection can be reused; a larger one, or one of
   * unknown length, closes the connection once the answer is written. {@code Connection: close}
   * alone is not enough: Vert.x does not close a connection whose request is still in progress, so
   * the paused request would hold it until the idle timeout (Quarkus's own body limit closes it the
   * same way).
   */
  private void leaveUnreadBody(HttpServerResponse response) {
    HttpServerRequest request = rc.request();
    if (request.isEnded()) {
      return;
    }
    Integer max = rc.get(MAX_BODY);
    long length = declaredLength(request);
    boolean chunked = request.getHeader("Transfer-Encoding") != null;
    if (chunked || max == null || length > 4L * max) {
      response.putHeader("Connection", "close");
      if (request.version() != HttpVersion.HTTP_2) {
        rc.addEndHandler(ignored -> request.connection().close());
      }
      return;
    }
    if (rc.get(BODY_READING) == null) {
      request.handler(ignored -> {});
      request.resume();
    }
  }

  /** Routing-context flag set once the pipeline has started reading the body itself. */
  public static final String BODY_READING = "solid.body-reading";

  /** The Content-Length of the request, 0 when absent, {@code Long.MAX_VALUE} when unreadable. */
  public static long declaredLength(HttpServerRequest request) {
    String value = request.getHeader("Content-Length");
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  public void send(int status, Map<String, String> headers, Buffer body) {
    if (answered()) {
      LOG.debugf(
          "Dropped a second answer (%d) to %s %s (request %s): %s",
          status,
          rc.request().method(),
          rc.request().path(),
          requestId,
          rc.response().closed() ? "the client went away" : "an answer has already started");
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

  /**
   * Writes any failure as problem+json; unexpected ones are logged with the request id and their
   * stack trace. A closed connection is the client leaving (or a service dropping its answer half
   * way, which the forwarder reports itself): logged at debug, without a stack trace.
   */
  public void fail(Throwable failure) {
    fail(failure, Map.of());
  }

  /** Like {@link #fail(Throwable)}, with extra headers (Allow on a 405). */
  public void fail(Throwable failure, Map<String, String> headers) {
    ApiException api =
        failure instanceof ApiException e
            ? e
            : new ApiException(
                ErrorCode.INTERNAL_ERROR,
                "An internal error occurred; report it with the request_id");
    if (Disconnects.isDisconnect(failure)) {
      LOG.debugf(
          "Connection closed during %s %s (request %s): %s",
          rc.request().method(), rc.request().path(), requestId, failure.toString());
    } else if (!(failure instanceof ApiException)) {
      LOG.errorf(
          failure,
          "Unhandled error for %s %s (request %s)",
          rc.request().method(),
          rc.request().path(),
          requestId);
    }
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", Problem.MEDIA_TYPE);
    if (api.retryAfterSeconds() != null) {
      all.putIfAbsent("Retry-After", Long.toString(api.retryAfterSeconds()));
    }
    send(api.status(), all, problemBody(api));
  }

  public Buffer problemBody(ApiException e) {
    return json(e.toProblem(requestId));
  }

  public Buffer json(Object body) {
    try {
      return Buffer.buffer(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not serialise response", e);
    }
  }
}
