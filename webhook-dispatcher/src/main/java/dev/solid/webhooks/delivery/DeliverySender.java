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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one attempt: resolves and validates the target (SSRF guard), then POSTs the stored bytes
 * with the signature headers over non-blocking Vert.x HTTP. The connection goes to the validated IP
 * while Host and SNI stay the hostname. Redirects are not followed (a 3xx is a failure). Three
 * bounds: DNS resolution and getting a connection each within the connect timeout, then the whole
 * exchange (request sent, response read to its end) within the delivery timeout.
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
                // Vert.x pools connections per host:port, not per webhook endpoint: two endpoints
                // on one host (two paths, or two companies on one SaaS receiver) share a pool.
                // Sized to the global in-flight limit, the pool never makes a request wait for
                // another endpoint's connection; InFlight alone limits each endpoint.
                .setMaxPoolSize(config.delivery().maxInFlight())
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
      String url, String eventId, byte[] body, String secret, List<String> previousSecrets) {
    OffsetDateTime attemptedAt = OffsetDateTime.now(ZoneOffset.UTC);
    long started = System.nanoTime();
    URI uri = URI.create(url);
    Duration connectTimeout = config.delivery().connectTimeout();
    return resolver
        .resolve(uri)
        // The JDK resolver has no timeout of its own; DNS counts against the connect bound so a
        // hanging lookup cannot hold an in-flight slot longer than a hanging TCP connect would.
        .ifNoItem()
        .after(connectTimeout)
        .failWith(
            () ->
                new TargetResolver.RefusedTarget(
                    "unresolvable_host",
                    "DNS lookup of '"
                        + TargetResolver.hostOf(uri)
                        + "' took longer than "
                        + connectTimeout.toMillis()
                        + " ms"))
        .chain(
            target ->
                Uni.createFrom()
                    .completionStage(
                        () ->
                            post(uri, target, eventId, body, secret, previousSecrets)
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
      URI uri,
      Target target,
      String eventId,
      byte[] body,
      String secret,
      List<String> previousSecrets) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    long timeoutMs = config.delivery().timeout().toMillis();
    RequestOptions options =
        new RequestOptions()
            // Bounds getting a connection: TCP connect (and TLS) or a wait in the pool. The pool
            // is as large as the in-flight limit, so that wait is only ever for a free socket.
            .setConnectTimeout(config.delivery().connectTimeout().toMillis())
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
        Signatures.headers(eventId, timestamp, body, secret, previousSecrets).entrySet()) {
      options.putHeader(h.getKey(), h.getValue());
    }
    Promise<Response> promise = Promise.promise();
    AtomicLong timer = new AtomicLong(-1);
    int limit = config.delivery().responseExcerptBytes();
    client
        .request(options)
        .onSuccess(
            req -> {
              // The delivery timeout runs from the moment a connection is ours: time spent
              // connecting is bounded by the connect timeout, and never makes a receiver that
              // answers in time look slow.
              timer.set(
                  vertx.setTimer(
                      timeoutMs,
                      id -> {
                        if (promise.tryFail(
                            "timeout: no complete response within " + timeoutMs + " ms")) {
                          req.reset();
                        }
                      }));
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
                                        retryAfter(resp.getHeader("Retry-After"), Instant.now()))));
                      })
                  .onFailure(promise::tryFail);
              req.end(Buffer.buffer(body)).onFailure(promise::tryFail);
            })
        .onFailure(promise::tryFail);
    return promise
        .future()
        .onComplete(
            done -> {
              long id = timer.get();
              if (id >= 0) {
                vertx.cancelTimer(id);
              }
            });
  }

  private static String errorOf(Throwable e) {
    if (e instanceof TargetResolver.RefusedTarget refused) {
      return refused.error() + ": " + refused.getMessage();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 500 ? message.substring(0, 500) : message;
  }

  /**
   * Retry-After as a delay: either delta-seconds or an HTTP-date (RFC 9110 10.2.3), counted from
   * {@code now}; a date in the past means "now". Null when absent or unparseable. The bound on how
   * long is honoured is applied by {@link RetryPolicy}.
   */
  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      // fall through to the HTTP-date form
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return delay.isNegative() ? Duration.ZERO : delay;
    } catch (DateTimeParseException notADate) {
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
