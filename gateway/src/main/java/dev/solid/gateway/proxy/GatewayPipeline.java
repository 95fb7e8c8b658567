package dev.solid.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.common.error.ProblemDetail;
import dev.solid.gateway.auth.Authenticator;
import dev.solid.gateway.auth.Delegations;
import dev.solid.gateway.auth.Principal;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.Exchange;
import dev.solid.gateway.idempotency.IdempotencyStore;
import dev.solid.gateway.idempotency.IdempotencyStore.Claim;
import dev.solid.gateway.idempotency.IdempotencyStore.StoredResponse;
import dev.solid.gateway.key.ApiKeyFormat;
import dev.solid.gateway.mcp.McpHop;
import dev.solid.gateway.ratelimit.RateLimitDecision;
import dev.solid.gateway.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The gateway's request pipeline for every public API path, in this order: request id → route
 * (404/405) → authentication (401) → rate limit (429) → scope (403) → body, read only now and only
 * up to the limit (413) → content type and JSON syntax (415/400) → idempotency (replay/409) → the
 * target (a service, or a handler in the gateway). Everything after the rate limit carries the
 * rate-limit headers; a 401 does not (there is no key to count against).
 */
@ApplicationScoped
public class GatewayPipeline {
  private static final Logger LOG = Logger.getLogger(GatewayPipeline.class);
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final Set<HttpMethod> IDEMPOTENT_CAPABLE =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final RouteTable routes;
  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final IdempotencyStore idempotency;
  private final ServiceForwarder forwarder;
  private final InternalTokenMinter tokens;
  private final GatewayConfig config;
  private final ObjectMapper mapper;
  private final Delegations delegations;
  private final McpHop mcpHop;

  public GatewayPipeline(
      RouteTable routes,
      Authenticator authenticator,
      Delegations delegations,
      McpHop mcpHop,
      RateLimiter rateLimiter,
      IdempotencyStore idempotency,
      ServiceForwarder forwarder,
      InternalTokenMinter tokens,
      GatewayConfig config,
      ObjectMapper mapper) {
    this.routes = routes;
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.idempotency = idempotency;
    this.forwarder = forwarder;
    this.tokens = tokens;
    this.config = config;
    this.mapper = mapper;
    this.delegations = delegations;
    this.mcpHop = mcpHop;
  }

  void register(@Observes Router router) {
    // Every response, API or not (health, docs), carries a request id.
    router
        .route()
        .order(-1000)
        .handler(
            rc -> {
              String id = RequestIds.newId();
              rc.put(Exchange.REQUEST_ID, id);
              rc.put(Exchange.MAX_BODY, config.maxBodyBytes());
              rc.response().putHeader(RequestIds.HEADER, id);
              rc.next();
            });
    // The API, seed 001's aliases and the hosted pages. Requests outside these prefixes, and
    // failures while routing, are answered by the edge
    // (EdgeHandlers): problem+json as well.
    for (String path : new String[] {"/api/*", "/v1/*", "/pay/*", "/mcp", "/mcp/*"}) {
      router.route(path).order(-100).handler(this::handle);
    }
  }

  void handle(RoutingContext rc) {
    // Nothing of the body is read until the caller is known and within its limit: a 413 (and a
    // 401/404/429) costs the gateway at most the configured limit, never the whole upload.
    rc.request().pause();
    Exchange exchange = new Exchange(rc, mapper);
    HttpMethod method = rc.request().method();
    String path = rc.normalizedPath();
    RouteTable.Match match = routes.match(method, path);
    if (match.route() == null) {
      unmatched(exchange, rc, match, method, path);
      return;
    }
    Route route = match.route();
    authenticate(route, rc)
        // The MCP hop counts a request only once it knows what the request is (McpHop.charge):
        // here it is checked, not counted.
        .call(
            principal ->
                limit(exchange, route, principal, rc, !(route.target() instanceof Route.McpServer)))
        .invoke(principal -> requireScope(route, method, principal))
        .flatMap(principal -> readBody(rc).map(body -> new Authenticated(principal, body)))
        .flatMap(
            authenticated -> {
              Principal principal = authenticated.principal();
              Buffer body = authenticated.body();
              if (!route.access().unauthenticated()) {
                checkBody(method, rc, body);
              }
              ApiRequest request =
                  new ApiRequest(
                      exchange.requestId(),
                      method,
                      route.targetPath(path),
                      rc.request().query(),
                      rc.request().headers(),
                      body,
                      clientAddress(rc),
                      principal,
                      match.variables());
              if (route.target() instanceof Route.McpServer mcp) {
                // No idempotency store here: MCP answers stream, and the tools send their own
                // Idempotency-Key with the API calls they make.
                return mcpHop.handle(exchange, request, mcp.name());
              }
              String idempotencyKey = rc.request().getHeader(IDEMPOTENCY_HEADER);
              boolean storable =
                  !(route.target() instanceof Route.Local local) || local.idempotent();
              if (idempotencyKey != null && storable && IDEMPOTENT_CAPABLE.contains(method)) {
                return idempotent(exchange, route, request, idempotencyKey);
              }
              return plain(exchange, route, request);
            })
        .subscribe()
        .with(ignored -> {}, exchange::fail);
  }

  private record Authenticated(Principal principal, Buffer body) {}

  /**
   * 404 for an unknown path, 405 (with Allow) for a known path and another method. A caller whose
   * key is valid is counted against its limit and gets the rate-limit headers like on any other
   * answer; without a valid key the answer is the same 404/405, without those headers.
   */
  private void unmatched(
      Exchange exchange,
      RoutingContext rc,
      RouteTable.Match match,
      HttpMethod method,
      String path) {
    ApiException error =
        match.methodNotAllowed()
            ? new ApiException(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path)
            : new ApiException(ErrorCode.NOT_FOUND, "No endpoint " + method + " " + path);
    Map<String, String> headers =
        match.methodNotAllowed() ? Map.of("Allow", match.allowHeader()) : Map.of();
    String authorization = rc.request().getHeader("Authorization");
    if (authorization == null) {
      exchange.fail(error, headers);
      return;
    }
    authenticator
        .authenticate(authorization, true, rc.request().getHeader(Authenticator.MODE_HEADER))
        .onFailure()
        .recoverWithNull()
        .call(
            principal ->
                principal == null
                    ? Uni.createFrom().voidItem()
                    : limit(exchange, null, principal, rc, true))
        .subscribe()
        .with(ignored -> exchange.fail(error, headers), exchange::fail);
  }

  private Uni<Principal> authenticate(Route route, RoutingContext rc) {
    if (route.access() == Route.Access.PUBLIC || route.access().unauthenticated()) {
      return Uni.createFrom().nullItem();
    }
    String authorization = rc.request().getHeader("Authorization");
    if (route.access() == Route.Access.API_KEY && carriesSessionToken(authorization)) {
      // "Invalid API key" would send the owner looking for a typo in a token that is valid.
      return Uni.createFrom()
          .failure(
              ApiException.unauthorized(
                  "This endpoint takes an API key ('Authorization: Bearer sk_solid_…'), not the"
                      + " owner's session token; the session token works on "
                      + String.join(", ", routes.ownerPrefixes())
                      + ". Create a key with POST /api/v1/auth/keys"));
    }
    String delegation = rc.request().getHeader(Delegations.HEADER);
    if (delegation != null) {
      // An MCP tool calling back with the caller's credential: no second key lookup.
      return delegations.verify(authorization, delegation);
    }
    return authenticator.authenticate(
        authorization,
        route.access() == Route.Access.API_KEY_OR_OWNER,
        rc.request().getHeader(Authenticator.MODE_HEADER));
  }

  /** A bearer token shaped like a JWT (the owner's session from login), not like an API key. */
  private static boolean carriesSessionToken(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    String token = authorization.substring(7).trim();
    return !token.startsWith(ApiKeyFormat.PREFIX) && token.split("\\.", -1).length == 3;
  }

  /**
   * The gateway's scope check, before the body is read and before any idempotent replay: a key that
   * could not make a request never receives the stored answer of one.
   */
  private static void requireScope(Route route, HttpMethod method, Principal principal) {
    if (principal == null || route.scopes() == null) {
      return;
    }
    String needed = route.scopes().requiredFor(method);
    if (!principal.scopes().contains(needed)) {
      throw ApiException.missingScope(needed);
    }
  }

  /**
   * Keys and sessions are limited by plan; public endpoints by client address. {@code count} false
   * checks a key's limit without counting the request (the MCP hop counts later, by method).
   */
  private Uni<Void> limit(
      Exchange exchange, Route route, Principal principal, RoutingContext rc, boolean count) {
    Uni<RateLimitDecision> decision;
    if (principal != null) {
      decision =
          count
              ? rateLimiter.check(principal.rateLimitSubject(), principal.rateLimitPerMinute())
              : rateLimiter.peek(principal.rateLimitSubject(), principal.rateLimitPerMinute());
    } else if (route != null && route.access().unauthenticated()) {
      decision = rateLimiter.check("callback:" + clientAddress(rc), config.callbacksPerMinute());
    } else {
      decision = rateLimiter.check("ip:" + clientAddress(rc), config.authAttemptsPerMinute());
    }
    return decision
        .invoke(exchange::rateLimit)
        .flatMap(
            d ->
                d.allowed()
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom()
                        .failure(
                            new ApiException(
                                ErrorCode.RATE_LIMIT_EXCEEDED,
                                "Rate limit of "
                                    + d.limit()
                                    + " requests per minute exceeded; retry in "
                                    + d.resetSeconds()
                                    + " s")));
  }

  /**
   * Reads the (paused) body with the configured limit: a declared Content-Length over it is refused
   * before a byte is read, and a body of unknown length is cut off as soon as it passes the limit.
   */
  private Uni<Buffer> readBody(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (rc.body() != null && rc.body().buffer() != null) {
      return Uni.createFrom().item(rc.body().buffer());
    }
    int max = config.maxBodyBytes();
    long declared = Exchange.declaredLength(request);
    if (declared > max) {
      return Uni.createFrom().failure(tooLarge());
    }
    // A body shorter than its Content-Length was cut off (the client closed the connection while
    // the gateway checked the caller; Vert.x then reports the paused request as ended, body
    // dropped): it is never forwarded, nor stored for an Idempotency-Key, as if it were complete.
    boolean counted = request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null;
    if (request.isEnded()) {
      return counted && declared > 0
          ? Uni.createFrom().failure(cutOff())
          : Uni.createFrom().item(Buffer.buffer());
    }
    rc.put(Exchange.BODY_READING, Boolean.TRUE);
    return Uni.createFrom()
        .emitter(
            emitter -> {
              Buffer body = Buffer.buffer();
              boolean[] done = {false};
              request.handler(
                  chunk -> {
                    if (done[0]) {
                      return;
                    }
                    if (body.length() + chunk.length() > max) {
                      done[0] = true;
                      emitter.fail(tooLarge());
                      return;
                    }
                    body.appendBuffer(chunk);
                  });
              request.exceptionHandler(
                  e -> {
                    if (!done[0]) {
                      done[0] = true;
                      emitter.fail(ApiException.badRequest("Request body could not be read"));
                    }
                  });
              request.endHandler(
                  ignored -> {
                    if (!done[0]) {
                      done[0] = true;
                      if (counted && body.length() != declared) {
                        emitter.fail(cutOff());
                      } else {
                        emitter.complete(body);
                      }
                    }
                  });
              // The caller is known, within its limit and allowed: a client that sent
              // "Expect: 100-continue" may send the body now (Vert.x does not answer it for us,
              // and doing so before the checks would invite an upload that is then refused).
              if (expectsContinue(request)) {
                rc.response().writeContinue();
              }
              request.resume();
            });
  }

  private static ApiException cutOff() {
    return ApiException.badRequest("The request body ended before its Content-Length");
  }

  private static boolean expectsContinue(HttpServerRequest request) {
    return request.version() == HttpVersion.HTTP_1_1
        && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "Request body is larger than " + config.maxBodyBytes() + " bytes");
  }

  /** Bodies are JSON: 415 for another content type, 400 for broken JSON. */
  private void checkBody(HttpMethod method, RoutingContext rc, Buffer body) {
    if (body.length() == 0) {
      return;
    }
    String contentType = rc.request().getHeader("Content-Type");
    String mediaType =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json, not '"
              + (contentType == null ? "" : contentType)
              + "'");
    }
    try (var parser = mapper.createParser(body.getBytes())) {
      while (parser.nextToken() != null) {
        // syntax check only
      }
    } catch (IOException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "Malformed JSON in request body");
    }
  }

  private Uni<Void> plain(Exchange exchange, Route route, ApiRequest request) {
    if (route.target() instanceof Route.Local local) {
      return Uni.createFrom()
          .deferred(() -> local.handler().handle(request))
          .invoke(response -> exchange.sendJson(response.status(), response.body()))
          .replaceWithVoid();
    }
    Route.Service service = (Route.Service) route.target();
    return forwarder.stream(
        exchange,
        request,
        service.name(),
        internalToken(request),
        route.access() == Route.Access.HOSTED_PAGE);
  }

  /**
   * Same key and same request within the TTL: replay the stored answer without running again. The
   * answer is stored unless it is a 5xx (or nothing came back), so a retry of a failure may run.
   *
   * <p>Records are scoped to company and mode. On a route whose scope the gateway does not know
   * (see {@link RouteTable}) the calling key (or owner) is part of the scope as well, so a replay
   * can only reach a caller that the target already let through once; on a route open to the owner
   * and to keys, whether the caller is the owner or a key is.
   */
  private Uni<Void> idempotent(Exchange exchange, Route route, ApiRequest request, String key) {
    if (key.isBlank() || key.length() > config.idempotency().maxKeyLength()) {
      return Uni.createFrom()
          .failure(
              ApiException.validation(
                  new ProblemDetail(IDEMPOTENCY_HEADER, "invalid_length", null),
                  "Idempotency-Key must be 1 to "
                      + config.idempotency().maxKeyLength()
                      + " characters"));
    }
    String recordScope = recordScope(route, request);
    String fingerprint = fingerprint(request);
    return idempotency
        .claim(recordScope, key, fingerprint)
        .flatMap(
            claim -> {
              if (claim instanceof Claim.Mismatch) {
                return Uni.createFrom()
                    .failure(
                        ApiException.conflict(
                            "Idempotency-Key was already used with a different request"));
              }
              if (claim instanceof Claim.InProgress) {
                return Uni.createFrom()
                    .failure(
                        new ApiException(
                            ErrorCode.IDEMPOTENCY_KEY_IN_USE,
                            "A request with this Idempotency-Key is still being processed"));
              }
              if (claim instanceof Claim.Replay replay) {
                send(exchange, replay.response(), true);
                return Uni.createFrom().voidItem();
              }
              Claim.Acquired acquired = (Claim.Acquired) claim;
              return runAndStore(exchange, route, request, recordScope, key, acquired.token());
            });
  }

  /** Whose idempotency records a request shares (see {@link #idempotent}). */
  private static String recordScope(Route route, ApiRequest request) {
    Principal principal = request.principal();
    if (principal == null) {
      return "public:" + request.clientAddress();
    }
    String scope = principal.companyId() + ":" + (principal.livemode() ? "live" : "test");
    if (route.scopes() == null) {
      return scope + ":" + principal.rateLimitSubject();
    }
    if (route.access() == Route.Access.API_KEY_OR_OWNER) {
      // The owner and a key may reach different answers on these routes (the service decides
      // by who calls): neither replays the other's.
      return scope + (principal.isOwner() ? ":owner" : ":key");
    }
    return scope;
  }

  /** What goes to the client now, and what a later replay answers (they differ for secrets). */
  private record Outcome(StoredResponse sent, StoredResponse stored) {}

  private Uni<Void> runAndStore(
      Exchange exchange, Route route, ApiRequest request, String scope, String key, String token) {
    Uni<Outcome> response;
    if (route.target() instanceof Route.Local local) {
      response =
          Uni.createFrom()
              .deferred(() -> local.handler().handle(request))
              .map(
                  r -> {
                    StoredResponse sent = stored(exchange, r);
                    return new Outcome(
                        sent, r.replay() == null ? sent : stored(exchange, r.replay()));
                  })
              .onFailure(ApiException.class)
              .recoverWithItem(
                  e -> {
                    ApiException api = (ApiException) e;
                    StoredResponse problem =
                        new StoredResponse(
                            api.status(),
                            Map.of("Content-Type", Problem.MEDIA_TYPE),
                            exchange.problemBody(api).getBytes());
                    return new Outcome(problem, problem);
                  });
    } else {
      Route.Service service = (Route.Service) route.target();
      response =
          forwarder
              .buffered(request, service.name(), internalToken(request), exchange.requestId())
              .map(stored -> new Outcome(stored, stored));
    }
    return response
        .onFailure()
        .call(() -> idempotency.release(scope, key, token))
        .flatMap(
            outcome -> {
              Uni<Void> bookkeeping =
                  !worthStoring(outcome.sent())
                      ? idempotency.release(scope, key, token)
                      : idempotency.complete(scope, key, token, outcome.stored());
              return bookkeeping
                  .onFailure()
                  .recoverWithNull()
                  .invoke(() -> send(exchange, outcome.sent(), false));
            });
  }

  /**
   * A 5xx, a 429 (a rate or daily cap that lifts later) and a 409 {@code idempotency_key_in_use}
   * (the service's own lock) say nothing final about the request: kept for 24 hours they would
   * answer every retry with a stale refusal, so they are not stored and a retry runs again.
   */
  private boolean worthStoring(StoredResponse response) {
    int status = response.status();
    if (status >= 500 || status == 429) {
      return false;
    }
    return status != 409 || !ErrorCode.IDEMPOTENCY_KEY_IN_USE.code().equals(problemCode(response));
  }

  private String problemCode(StoredResponse response) {
    try {
      JsonNode code = mapper.readTree(response.body()).get("code");
      return code == null ? null : code.asText();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static StoredResponse stored(Exchange exchange, LocalResponse response) {
    return new StoredResponse(
        response.status(),
        response.body() == null ? Map.of() : Map.of("Content-Type", response.contentType()),
        response.body() == null ? new byte[0] : exchange.json(response.body()).getBytes());
  }

  /** The internal JWT for the request; none for unauthenticated provider callbacks. */
  private String internalToken(ApiRequest request) {
    return request.principal() == null
        ? null
        : tokens.mint(request.principal(), request.requestId());
  }

  private static void send(Exchange exchange, StoredResponse stored, boolean replayed) {
    Map<String, String> headers = new LinkedHashMap<>(stored.headers());
    if (replayed) {
      headers.put("Idempotent-Replayed", "true");
    }
    exchange.send(stored.status(), headers, Buffer.buffer(stored.body()));
  }

  private static String fingerprint(ApiRequest request) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(request.method().name().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) ' ');
      digest.update(request.path().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '?');
      digest.update(String.valueOf(request.query()).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
      digest.update(request.body().getBytes());
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String clientAddress(RoutingContext rc) {
    var address = rc.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }
}
