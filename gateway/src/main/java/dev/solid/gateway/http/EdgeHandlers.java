package dev.solid.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.gateway.config.GatewayConfig;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The public port's edge, in front of every route: the access log, the metrics template, the checks
 * of {@link RequestChecks}; and the one failure handler of the router, so that whatever fails while
 * Vert.x Web routes a request (no Host header, no route, a handler that throws) is answered as
 * problem+json with its request id, never with the framework's error page.
 *
 * <p>What the HTTP parser refuses before there is a request (a malformed request line, a request
 * line or headers over {@code quarkus.http.limits.*}) never reaches a router: Quarkus 3.33 gives no
 * access to Vert.x's invalid-request handler. The gateway's own limits ({@code
 * solid.gateway.limits.*}) are kept well below the parser's, so an over-long URI or over-large
 * headers are refused here, as problem+json.
 */
@ApplicationScoped
public class EdgeHandlers {
  private static final Logger LOG = Logger.getLogger(EdgeHandlers.class);

  /** Right after the request id is assigned (order -1000), before every route. */
  static final int ORDER = -999;

  /**
   * Vert.x Web's context-local key for the route template of a request, read by the Micrometer
   * binder for the {@code uri} label (and by OpenTelemetry): set, the label is the template rather
   * than the raw path with its ids.
   */
  private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

  /**
   * After every route of the gateway and of Quarkus (their orders stay below 10000), before
   * RESTEasy Reactive's catch-all (20500): the gateway has no JAX-RS resource, and RESTEasy (on the
   * classpath for JSON and the shared exception mappers) would answer a 404 without request id.
   */
  static final int NOT_FOUND_ORDER = 20_000;

  /** Statuses Vert.x Web answers on its own when no route matches (method, Accept, type). */
  private static final int[] ROUTING_STATUSES = {400, 404, 405, 406, 413, 415, 500};

  private final GatewayConfig config;
  private final ObjectMapper mapper;
  private final boolean devUi;

  public EdgeHandlers(GatewayConfig config, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper;
    this.devUi = LaunchMode.current() == LaunchMode.DEVELOPMENT;
  }

  void register(@Observes Router router) {
    router.route().order(ORDER).handler(this::inspect);
    router.route().order(ORDER).failureHandler(this::failed);
    router
        .route()
        .order(NOT_FOUND_ORDER)
        .handler(
            rc ->
                new Exchange(rc, mapper)
                    .fail(new ApiException(ErrorCode.NOT_FOUND, "No such endpoint")));
    for (int status : ROUTING_STATUSES) {
      router.errorHandler(status, this::failed);
    }
  }

  void inspect(RoutingContext rc) {
    AccessLog.track(rc);
    Context context = Vertx.currentContext();
    if (context != null) {
      context.putLocal(URL_PATH_TEMPLATE, PathTemplates.of(rc.request().path()));
    }
    ApiException refusal = RequestChecks.refusal(rc.request(), config.limits(), devUi);
    if (refusal != null) {
      new Exchange(rc, mapper).fail(refusal);
      return;
    }
    rc.next();
  }

  void failed(RoutingContext rc) {
    AccessLog.track(rc);
    Exchange exchange = new Exchange(rc, mapper);
    Throwable failure = rc.failure();
    if (failure instanceof ApiException api) {
      exchange.fail(api);
      return;
    }
    int status = rc.statusCode() < 400 ? 500 : rc.statusCode();
    if (status >= 500 && failure != null && !Disconnects.isDisconnect(failure)) {
      // Exchange.fail logs it with its stack trace and answers internal_error.
      exchange.fail(failure);
      return;
    }
    LOG.debugf(
        "%s %s refused with %d while routing (request %s): %s",
        rc.request().method(),
        rc.request().path(),
        status,
        exchange.requestId(),
        failure == null ? "no matching route" : failure.toString());
    exchange.fail(new ApiException(ErrorCode.forStatus(status), message(rc, status)));
  }

  private static String message(RoutingContext rc, int status) {
    return switch (status) {
      case 400 ->
          rc.request().version() != HttpVersion.HTTP_2 && rc.request().authority() == null
              ? "An HTTP/1.1 request must carry a Host header"
              : "Malformed request";
      case 404 -> "No such endpoint";
      case 405 -> "Method not allowed on this endpoint";
      case 406 ->
          "This endpoint cannot answer in a type the Accept header allows; the API answers"
              + " application/json (errors application/problem+json)";
      case 413 -> "Request body is too large";
      case 415 -> "Content-Type not supported here; the API takes application/json";
      default ->
          status >= 500
              ? "An internal error occurred; report it with the request_id"
              : ErrorCode.reasonPhrase(status);
    };
  }
}
