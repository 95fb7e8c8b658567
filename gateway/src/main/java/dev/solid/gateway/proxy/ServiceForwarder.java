package dev.solid.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
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
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
          "cookie");

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

  /** Response headers worth keeping for an idempotent replay. */
  private static final Set<String> REPLAYED_HEADERS =
      Set.of("content-type", "location", "sunset", "deprecation", "link", "retry-after");

  private final HttpClient client;
  private final GatewayConfig config;
  private final ObjectMapper mapper;

  public ServiceForwarder(Vertx vertx, GatewayConfig config, ObjectMapper mapper) {
    this.mapper = mapper;
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
  public Uni<Void> stream(Exchange exchange, ApiRequest request, String service, String token) {
    return send(request, service, token)
        .flatMap(
            upstream -> {
              if (isForeignError(upstream)) {
                return replaceForeignError(upstream, service, request.requestId())
                    .invoke(
                        stored ->
                            exchange.send(
                                stored.status(), stored.headers(), Buffer.buffer(stored.body())))
                    .replaceWithVoid();
              }
              var response = exchange.start(upstream.statusCode(), copyHeaders(upstream.headers()));
              String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null) {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
              } else {
                response.setChunked(true);
              }
              return Uni.createFrom()
                  .completionStage(upstream.pipeTo(response).toCompletionStage())
                  .replaceWithVoid();
            });
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
    if (isForeignError(upstream)) {
      return replaceForeignError(upstream, service, requestId);
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

  /**
   * An upstream 4xx/5xx that is not problem+json (a framework's HTML error page, a bare text) never
   * reaches the client: the gateway answers the same status with its own problem+json and logs what
   * the upstream said.
   */
  static boolean isForeignError(HttpClientResponse upstream) {
    if (upstream.statusCode() < 400) {
      return false;
    }
    String type = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
    return type == null || !type.toLowerCase(Locale.ROOT).startsWith(Problem.MEDIA_TYPE);
  }

  private Uni<StoredResponse> replaceForeignError(
      HttpClientResponse upstream, String service, String requestId) {
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
              try {
                return new StoredResponse(
                    status,
                    Map.of("Content-Type", Problem.MEDIA_TYPE),
                    mapper.writeValueAsBytes(problem));
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

  private static ApiException timeout(String service) {
    return new ApiException(
        ErrorCode.GATEWAY_TIMEOUT, "The " + service + " service did not answer in time");
  }

  private Uni<HttpClientResponse> send(ApiRequest request, String service, String token) {
    String base = config.services().get(service);
    if (base == null) {
      return Uni.createFrom()
          .failure(
              new ApiException(
                  ErrorCode.SERVICE_UNAVAILABLE, "The " + service + " service is not configured"));
    }
    URI uri = URI.create(base);
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setHost(uri.getHost())
            .setPort(uri.getPort() < 0 ? 80 : uri.getPort())
            .setURI(request.path() + (request.query() == null ? "" : "?" + request.query()))
            .setIdleTimeout(config.upstreamTimeout().toMillis());
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
        .onFailure()
        .transform(e -> unavailable(service, e))
        .onCancellation()
        .invoke(
            () -> {
              HttpClientRequest outgoing = sent.get();
              if (outgoing != null) {
                outgoing.reset();
              }
            });
  }

  private static Map<String, String> copyHeaders(MultiMap upstream) {
    Map<String, String> headers = new LinkedHashMap<>();
    upstream.forEach(
        h -> {
          if (!DROPPED_RESPONSE_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
            headers.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b);
          }
        });
    return headers;
  }

  private static Throwable unavailable(String service, Throwable e) {
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
