package dev.solid.webhooks.delivery;

import dev.solid.webhooks.config.WebhooksConfig;
import dev.solid.webhooks.security.Signatures;
import dev.solid.webhooks.security.TargetResolver;
import dev.solid.webhooks.security.TargetResolver.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one attempt: resolves and validates the target (SSRF guard), then POSTs the stored bytes
 * with the signature headers over non-blocking Vert.x HTTP. The connection goes to the validated IP
 * while Host and SNI stay the hostname. Redirects are not followed (a 3xx is a failure). The whole
 * exchange, response included, must finish within the delivery timeout.
 */
@ApplicationScoped
public class DeliverySender {
  private final Vertx vertx;
  private final HttpClient client;
  private final TargetResolver resolver;
  private final WebhooksConfig config;

  public DeliverySender(Vertx vertx, TargetResolver resolver, WebhooksConfig config) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.config = config;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.delivery().connectTimeout().toMillis())
                .setMaxPoolSize(config.delivery().maxInFlightPerEndpoint())
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setMaxRedirects(0)
                .setTryUseCompression(false));
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** One attempt; never fails, an error becomes part of the result. */
  public Uni<AttemptResult> send(
      String url, String eventId, byte[] body, String secret, String previousSecret) {
    OffsetDateTime attemptedAt = OffsetDateTime.now(ZoneOffset.UTC);
    long started = System.nanoTime();
    URI uri = URI.create(url);
    return resolver
        .resolve(uri)
        .chain(
            target ->
                Uni.createFrom()
                    .completionStage(
                        () ->
                            post(uri, target, eventId, body, secret, previousSecret)
                                .toCompletionStage()))
        .map(
            response ->
                new AttemptResult(
                    attemptedAt,
                    response.status(),
                    elapsedMs(started),
                    response.excerpt(),
                    null,
                    response.retryAfter()))
        .onFailure()
        .recoverWithItem(
            e -> new AttemptResult(attemptedAt, null, elapsedMs(started), null, errorOf(e), null));
  }

  private record Response(int status, String excerpt, Duration retryAfter) {}

  private io.vertx.core.Future<Response> post(
      URI uri, Target target, String eventId, byte[] body, String secret, String previous) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    long timeoutMs = config.delivery().timeout().toMillis();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(target.host())
            .setPort(port)
            .setServer(SocketAddress.inetSocketAddress(port, target.address().getHostAddress()))
            .setSsl(https)
            .setURI(path)
            .setFollowRedirects(false)
            .putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", config.delivery().userAgent());
    long timestamp = System.currentTimeMillis() / 1000;
    for (Map.Entry<String, String> h :
        Signatures.headers(eventId, timestamp, body, secret, previous).entrySet()) {
      options.putHeader(h.getKey(), h.getValue());
    }
    Promise<Response> promise = Promise.promise();
    AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    long timer =
        vertx.setTimer(
            timeoutMs,
            id -> {
              if (promise.tryFail("timeout after " + timeoutMs + " ms")) {
                HttpClientRequest r = request.get();
                if (r != null) {
                  r.reset();
                }
              }
            });
    int limit = config.delivery().responseExcerptBytes();
    client
        .request(options)
        .onSuccess(
            req -> {
              request.set(req);
              // Handlers are set as soon as the head arrives, before any body chunk.
              req.response()
                  .onSuccess(
                      resp -> {
                        Buffer excerpt = Buffer.buffer();
                        resp.handler(
                            chunk -> {
                              int room = limit - excerpt.length();
                              if (room > 0) {
                                excerpt.appendBuffer(
                                    chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
                              }
                            });
                        resp.exceptionHandler(promise::tryFail);
                        resp.endHandler(
                            v ->
                                promise.tryComplete(
                                    new Response(
                                        resp.statusCode(),
                                        decode(excerpt.getBytes()),
                                        retryAfter(resp.getHeader("Retry-After")))));
                      })
                  .onFailure(promise::tryFail);
              req.end(Buffer.buffer(body)).onFailure(promise::tryFail);
            })
        .onFailure(promise::tryFail);
    return promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static String errorOf(Throwable e) {
    if (e instanceof TargetResolver.RefusedTarget refused) {
      return refused.error() + ": " + refused.getMessage();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 500 ? message.substring(0, 500) : message;
  }

  /** Retry-After in seconds (the HTTP-date form is rare for webhooks and is ignored). */
  static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String decode(byte[] bytes) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      // PostgreSQL text cannot hold NUL.
      return decoder.decode(ByteBuffer.wrap(bytes)).toString().replace('\0', '\uFFFD');
    } catch (java.nio.charset.CharacterCodingException e) {
      return "";
    }
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
