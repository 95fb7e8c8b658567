package dev.solid.gateway.proxy;

import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.Exchange;
import dev.solid.gateway.idempotency.IdempotencyStore.StoredResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Forwards a request to its service with the internal JWT in place of the caller's credentials, and
 * brings the answer back: streamed as it arrives, or buffered when it must be stored for idempotent
 * replay.
 */
@ApplicationScoped
public class ServiceForwarder {
  private static final Logger LOG = Logger.getLogger(ServiceForwarder.class);

  /** Hop-by-hop and credential headers that never cross the gateway. */
  private static final Set<String> DROPPED_REQUEST_HEADERS =
      Set.of(
          "authorization",
          "host",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "proxy-authorization",
          "proxy-connection",
          "content-length",
          "idempotency-key",
          "x-request-id",
          "x-forwarded-for",
          "cookie",
          // Set by the gateway only (the MCP hop and its callbacks), never taken from a client.
          "solid-caller-authorization",
          "solid-mcp-session",
          "solid-delegation");

  private static final Set<String> DROPPED_RESPONSE_HEADERS =
      Set.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "trailer",
          "upgrade",
          "content-length",
          "x-request-id",
          "set-cookie",
          "x-ratelimit-limit",
          "x-ratelimit-remaining",
          "x-ratelimit-reset");

  /** Response headers worth keeping for an idempotent replay (Allow: a 405 says what is). */
  private static final Set<String> REPLAYED_HEADERS =
      Set.of("content-type", "location", "sunset", "deprecation", "link", "retry-after", "allow");

  private final HttpClient client;
  private final GatewayConfig config;
  private final ForeignErrors foreignErrors;
  private final Upstreams upstreams;

  public ServiceForwarder(
      Vertx vertx, GatewayConfig config, ForeignErrors foreignErrors, Upstreams upstreams) {
    this.foreignErrors = foreignErrors;
    this.upstreams = upstreams;
    if (config.upstreamDeadline().compareTo(config.idempotency().lockTtl()) >= 0) {
      throw new IllegalStateException(
          "solid.gateway.upstream-deadline ("
              + config.upstreamDeadline()
              + ") must be shorter than solid.gateway.idempotency.lock-ttl ("
              + config.idempotency().lockTtl()
              + ")");
    }
    this.config = config;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(2_000)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(256));
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /**
   * Forwards and streams the upstream answer straight to the client; an error answer that is not
   * problem+json is replaced by the gateway's own (see {@link #isForeignError}).
   */
  public Uni<Void> stream(
      Exchange exchange, ApiRequest request, String service, String token, boolean pages) {
    return send(request, service, token)
        .flatMap(
            upstream -> {
              if (exchange.answered()) {
                // The client left while the service was working: nobody reads this answer.
                abandon(upstream);
                return Uni.createFrom().voidItem();
              }
              if (ForeignErrors.isForeign(upstream) && !(pages && ForeignErrors.isPage(upstream))) {
                return foreignErrors
                    .replace(upstream, service, request.requestId())
                    .invoke(
                        stored ->
                            exchange.send(
                                stored.status(), stored.headers(), Buffer.buffer(stored.body())))
                    .replaceWithVoid();
              }
              return relay(exchange, upstream, service, copyHeaders(upstream.headers()));
            });
  }

  /**
   * Streams an upstream answer to the client as it arrives (status, the given headers, the body
   * unbuffered: an event stream reaches the client event by event). The client having left is
   * handled like in {@link #stream}.
   */
  public Uni<Void> relay(
      Exchange exchange, HttpClientResponse upstream, String service, Map<String, String> headers) {
    if (exchange.answered()) {
      abandon(upstream);
      return Uni.createFrom().voidItem();
    }
    var response = exchange.start(upstream.statusCode(), headers);
    String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      response.setChunked(true);
    }
    // The pipe must not end the response itself when a side fails: that end, followed by the
    // pipe's next check of the response, was the gateway's "Response has already been written".
    // A broken-off answer is handled below, once.
    return Uni.createFrom()
        .completionStage(upstream.pipe().endOnFailure(false).to(response).toCompletionStage())
        .onFailure()
        .recoverWithItem(
            failure -> {
              brokenOff(exchange, upstream, service, failure);
              return null;
            })
        .replaceWithVoid();
  }

  /**
   * A streamed answer that stopped half way. The client left (its socket closed): the service's
   * request is reset so it stops sending, and that is not an error of ours. Or the service dropped
   * its connection: the status line has gone out, so no problem can follow, and the client's
   * connection is closed, the only way left to tell it the answer is incomplete.
   */
  private static void brokenOff(
      Exchange exchange, HttpClientResponse upstream, String service, Throwable failure) {
    var rc = exchange.context();
    // A write to a client that hung up fails (closed channel, broken pipe) before Vert.x has
    // marked the response closed.
    boolean clientLeft =
        rc.response().closed()
            || failure instanceof ClosedChannelException
            || failure.getCause() instanceof ClosedChannelException
            || String.valueOf(failure.getMessage()).contains("Broken pipe");
    if (clientLeft) {
      // Its connection is gone already: closing it again would write to a dead channel.
      LOG.debugf(
          "Client left during the answer of %s to request %s", service, exchange.requestId());
      abandon(upstream);
      return;
    }
    LOG.warnf(
        "The %s service broke off its answer to request %s: %s",
        service, exchange.requestId(), failure.toString());
    if (rc.request().version() == HttpVersion.HTTP_2) {
      rc.response().reset(); // this stream only, not the client's other requests
    } else {
      rc.request().connection().close();
    }
  }

  /**
   * Stops an answer nobody will read: the service's request is reset. The reset is reported to the
   * answer as a failure, expected here, so it is not left unhandled (Vert.x logs those at ERROR).
   */
  public static void abandon(HttpClientResponse upstream) {
    try {
      upstream.exceptionHandler(ignored -> {});
    } catch (IllegalStateException ended) {
      return; // Vert.x refuses handlers once the whole answer is in: there is nothing to stop
    }
    upstream.request().reset();
  }

  /**
   * Forwards and reads the whole answer, to be sent and stored, within {@code upstream-deadline} in
   * total (504 after it, and the upstream request is reset).
   */
  public Uni<StoredResponse> buffered(
      ApiRequest request, String service, String token, String requestId) {
    return send(request, service, token)
        .flatMap(
            upstream ->
                readAll(upstream, service, requestId)
                    // Given up on (the deadline below) after the headers came: reset the upstream
                    // request too, rather than keep reading a body nobody will see.
                    .onCancellation()
                    .invoke(() -> upstream.request().reset()))
        .ifNoItem()
        .after(config.upstreamDeadline())
        .failWith(() -> timeout(service));
  }

  private Uni<StoredResponse> readAll(
      HttpClientResponse upstream, String service, String requestId) {
    if (ForeignErrors.isForeign(upstream)) {
      return foreignErrors.replace(upstream, service, requestId);
    }
    return Uni.createFrom()
        .completionStage(upstream.body().toCompletionStage())
        .map(
            body -> {
              Map<String, String> kept = new LinkedHashMap<>();
              upstream
                  .headers()
                  .forEach(
                      h -> {
                        if (REPLAYED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                          kept.put(h.getKey(), h.getValue());
                        }
                      });
              return new StoredResponse(upstream.statusCode(), kept, body.getBytes());
            });
  }

  private static ApiException timeout(String service) {
    return new ApiException(
        ErrorCode.GATEWAY_TIMEOUT, "The " + service + " service did not answer in time");
  }

  private Uni<HttpClientResponse> send(ApiRequest request, String service, String token) {
    URI base = upstreams.next(service);
    if (base == null) {
      return Uni.createFrom().failure(notConfigured(service));
    }
    return open(base, request, token, headers -> {}, config.upstreamTimeout())
        .onFailure()
        .transform(e -> unavailable(service, e));
  }

  public static ApiException notConfigured(String service) {
    return new ApiException(
        ErrorCode.SERVICE_UNAVAILABLE, "The " + service + " service is not configured");
  }

  /**
   * Sends the request to one replica and yields its answer once the status line and headers are in;
   * a failure is the client's own (connection refused, reset, idle timeout), untranslated, so that
   * a caller can tell "never reached the replica" from the rest. {@code adjust} sees the outgoing
   * headers last (after the credentials were replaced by {@code token}).
   */
  public Uni<HttpClientResponse> open(
      URI base, ApiRequest request, String token, Consumer<MultiMap> adjust, Duration idleTimeout) {
    URI uri = base;
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setHost(uri.getHost())
            .setPort(Upstreams.port(uri))
            .setURI(request.path() + (request.query() == null ? "" : "?" + request.query()))
            .setIdleTimeout(idleTimeout.toMillis());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    request
        .headers()
        .forEach(
            h -> {
              if (!DROPPED_REQUEST_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
              }
            });
    if (token != null) {
      headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    headers.set(RequestIds.HEADER, request.requestId());
    headers.set("X-Forwarded-For", request.clientAddress());
    // Services that verify signed provider callbacks (Twilio signs the public URL) rebuild the
    // public URL from these; a load balancer in front may have set them already.
    if (!headers.contains("X-Forwarded-Host") && request.headers().get("Host") != null) {
      headers.set("X-Forwarded-Host", request.headers().get("Host"));
    }
    if (!headers.contains("X-Forwarded-Proto")) {
      headers.set("X-Forwarded-Proto", "http");
    }
    adjust.accept(headers);
    options.setHeaders(headers);
    // Kept so a request given up on (total deadline) is reset rather than left running.
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    return Uni.createFrom()
        .completionStage(
            () ->
                client
                    .request(options)
                    .compose(
                        outgoing -> {
                          sent.set(outgoing);
                          return request.body() == null || request.body().length() == 0
                              ? outgoing.send()
                              : outgoing.send(request.body());
                        })
                    .toCompletionStage())
        .onCancellation()
        .invoke(
            () -> {
              HttpClientRequest outgoing = sent.get();
              if (outgoing != null) {
                outgoing.reset();
              }
            });
  }

  /** The upstream's response headers minus hop-by-hop ones and those the gateway sets itself. */
  public static Map<String, String> copyHeaders(MultiMap upstream) {
    Map<String, String> headers = new LinkedHashMap<>();
    upstream.forEach(
        h -> {
          if (!DROPPED_RESPONSE_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
            headers.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b);
          }
        });
    return headers;
  }

  public static Throwable unavailable(String service, Throwable e) {
    if (e instanceof ApiException) {
      return e;
    }
    LOG.warnf("Upstream %s failed: %s", service, e.toString());
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (e instanceof TimeoutException
        || cause instanceof TimeoutException
        || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")
            && !(e instanceof ConnectException)) {
      return timeout(service);
    }
    return new ApiException(
        ErrorCode.SERVICE_UNAVAILABLE, "The " + service + " service is unavailable; retry shortly");
  }
}
