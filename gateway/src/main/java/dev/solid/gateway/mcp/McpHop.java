package dev.solid.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.gateway.auth.Delegations;
import dev.solid.gateway.auth.Principal;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.Exchange;
import dev.solid.gateway.proxy.ApiRequest;
import dev.solid.gateway.proxy.InternalTokenMinter;
import dev.solid.gateway.proxy.ServiceForwarder;
import dev.solid.gateway.proxy.Upstreams;
import dev.solid.gateway.ratelimit.RateLimitDecision;
import dev.solid.gateway.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The gateway's side of MCP (Streamable HTTP) on {@code /api/mcp} and {@code /mcp}, once the
 * pipeline has authenticated the caller, checked (not counted) its rate limit and read the body.
 *
 * <p><b>Sessions.</b> mcp-service keeps its sessions in memory, so the gateway owns the
 * client-facing session: {@code initialize} goes to one replica, and the client gets a session id
 * of the gateway's ({@link McpSessionStore}, in Redis, bound to the company, mode and credential)
 * in place of the replica's. A later request goes to the next replica, round robin, under the
 * upstream session that replica knows; a replica that has none yet, or answers 404 (it restarted),
 * gets the stored initialize and {@code notifications/initialized} replayed, and the request is
 * retried once. A replica that cannot be connected to is skipped for the next. DELETE closes the
 * upstream session on every replica and the record. Another caller's session id is 404.
 *
 * <p><b>Answers pass through verbatim</b>: an event stream (SSE) is relayed as it comes,
 * unbuffered; JSON-RPC errors and the server's bare 4xx are not replaced by problem+json; nothing
 * is stored for an Idempotency-Key (the tools send their own to the API). The gateway's own
 * refusals (401, 403 origin, 404 session, 429, 503) are problem+json as everywhere.
 *
 * <p><b>What mcp-service receives</b> besides the request: the internal JWT (delegable, see {@link
 * Delegations}), {@value #CALLER_HEADER} (the caller's Authorization, for the tools' calls back),
 * {@value #GATEWAY_SESSION_HEADER} (the client-facing session id) and the caller's rate limit as
 * just decided ({@code X-RateLimit-Limit/-Remaining/-Reset}, for whoami). Origin: the gateway
 * checks it itself (loopback origins and {@code solid.gateway.mcp.allowed-origins}, else 403) and
 * forwards only a loopback one; an allowed public origin, which the extension's DNS-rebinding check
 * (still on, for anything reaching mcp-service directly) would refuse, is dropped once vouched for.
 */
@ApplicationScoped
public class McpHop {
  private static final Logger LOG = Logger.getLogger(McpHop.class);

  public static final String SESSION_HEADER = "Mcp-Session-Id";
  public static final String CALLER_HEADER = "Solid-Caller-Authorization";
  public static final String GATEWAY_SESSION_HEADER = "Solid-Mcp-Session";
  static final String PROTOCOL_HEADER = "Mcp-Protocol-Version";
  private static final List<String> RATE_LIMIT_HEADERS =
      List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final String INITIALIZED_NOTIFICATION =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private final ServiceForwarder forwarder;
  private final Upstreams upstreams;
  private final McpSessionStore sessions;
  private final InternalTokenMinter tokens;
  private final RateLimiter rateLimiter;
  private final GatewayConfig config;
  private final ObjectMapper mapper;
  private final Set<String> allowedOrigins;

  public McpHop(
      ServiceForwarder forwarder,
      Upstreams upstreams,
      McpSessionStore sessions,
      InternalTokenMinter tokens,
      RateLimiter rateLimiter,
      GatewayConfig config,
      ObjectMapper mapper) {
    this.forwarder = forwarder;
    this.upstreams = upstreams;
    this.sessions = sessions;
    this.tokens = tokens;
    this.rateLimiter = rateLimiter;
    this.config = config;
    this.mapper = mapper;
    this.allowedOrigins =
        config.mcp().allowedOrigins().orElse(List.of()).stream()
            .map(McpHop::normalizeOrigin)
            .collect(Collectors.toUnmodifiableSet());
  }

  /** One MCP request on its way: who, what, and the credentials it travels with. */
  private record Hop(
      Exchange exchange, ApiRequest request, String service, String authorization, String token) {
    Principal principal() {
      return request.principal();
    }
  }

  /** Answers the request (the MCP route's target). */
  public Uni<Void> handle(Exchange exchange, ApiRequest request, String service) {
    String origin = request.headers().get("Origin");
    if (origin != null && !originAllowed(origin)) {
      return Uni.createFrom()
          .failure(
              new ApiException(
                  ErrorCode.FORBIDDEN,
                  "Origin '"
                      + origin
                      + "' may not call the MCP endpoint (DNS-rebinding protection); allow it"
                      + " with solid.gateway.mcp.allowed-origins"));
    }
    String authorization = request.headers().get("Authorization");
    Hop hop =
        new Hop(
            exchange,
            request,
            service,
            authorization,
            tokens.mintDelegable(
                request.principal(),
                request.requestId(),
                Delegations.credentialDigest(authorization)));
    McpMessages messages = McpMessages.of(mapper, request.method(), request.body());
    return charge(exchange, request.principal(), messages).flatMap(ignored -> route(hop, messages));
  }

  /** Counts the request against the key's limit unless its API calls will (see McpMessages). */
  private Uni<Void> charge(Exchange exchange, Principal principal, McpMessages messages) {
    if (messages.paidByApiCalls()) {
      return Uni.createFrom().voidItem();
    }
    return rateLimiter
        .check(principal.rateLimitSubject(), principal.rateLimitPerMinute())
        .invoke(exchange::rateLimit)
        .flatMap(
            decision ->
                decision.allowed()
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom()
                        .failure(
                            new ApiException(
                                ErrorCode.RATE_LIMIT_EXCEEDED,
                                "Rate limit of "
                                    + decision.limit()
                                    + " requests per minute exceeded; retry in "
                                    + decision.resetSeconds()
                                    + " s")));
  }

  private Uni<Void> route(Hop hop, McpMessages messages) {
    HttpMethod method = hop.request().method();
    if (method == HttpMethod.POST && messages.initialize()) {
      return initialize(hop);
    }
    String sessionId = hop.request().headers().get(SESSION_HEADER);
    if (sessionId == null) {
      // No session: the server answers what it answers to that (a GET without one is 405).
      return onReplicas(
          hop,
          replica ->
              send(hop, replica, hop.request(), null, null)
                  .flatMap(upstream -> relay(hop, upstream, null)));
    }
    return sessions
        .find(sessionId)
        .flatMap(
            found -> {
              if (found.isEmpty() || !found.get().belongsTo(hop.principal(), hop.authorization())) {
                LOG.debugf(
                    "MCP session %s unknown or not the caller's (request %s)",
                    sessionId, hop.request().requestId());
                return Uni.createFrom()
                    .failure(
                        ApiException.notFound(
                            "MCP session (it expired or was closed; start a new one with"
                                + " initialize)"));
              }
              McpSession session = found.get();
              if (method == HttpMethod.DELETE) {
                return close(hop, session);
              }
              return onReplicas(hop, replica -> inSession(hop, session, replica));
            });
  }

  /** Opens a session on the next replica and hands the client the gateway's id for it. */
  private Uni<Void> initialize(Hop hop) {
    String id = McpSessionStore.newId();
    return onReplicas(
        hop,
        replica ->
            send(hop, replica, hop.request(), null, id)
                .flatMap(
                    upstream -> {
                      String upstreamId = upstream.getHeader(SESSION_HEADER);
                      if (upstreamId == null || upstream.statusCode() != 200) {
                        return relay(hop, upstream, null); // refused: verbatim, no session
                      }
                      // Nothing of the answer is read until the session is stored: the client
                      // must not be able to use an id the gateway does not know yet.
                      upstream.pause();
                      McpSession session =
                          new McpSession(
                              id,
                              McpSession.ownerOf(hop.principal(), hop.authorization()),
                              hop.request().body().toString(StandardCharsets.UTF_8),
                              hop.request().headers().get(PROTOCOL_HEADER),
                              Map.of());
                      String label = Upstreams.label(replica);
                      return sessions
                          .create(session, label, upstreamId)
                          .onFailure()
                          .invoke(() -> ServiceForwarder.abandon(upstream))
                          .invoke(
                              () ->
                                  LOG.infof(
                                      "MCP session %s opened for company %d (%s, %s) on replica"
                                          + " %s as upstream session %s (request %s)",
                                      id,
                                      hop.principal().companyId(),
                                      hop.principal().livemode() ? "live" : "test",
                                      hop.principal().rateLimitSubject(),
                                      label,
                                      upstreamId,
                                      hop.request().requestId()))
                          .flatMap(ignored -> relay(hop, upstream, id));
                    }));
  }

  /**
   * The request on one replica under the session's upstream session there: opened first when the
   * replica has none, opened again and retried once when the replica no longer knows it (404).
   */
  private Uni<Void> inSession(Hop hop, McpSession session, URI replica) {
    String label = Upstreams.label(replica);
    String known = session.upstream().get(label);
    Uni<String> upstreamId =
        known != null
            ? Uni.createFrom().item(known)
            : reinitialize(hop, session, replica, "first use of the session there");
    return upstreamId.flatMap(
        current ->
            send(hop, replica, hop.request(), current, session.id())
                .flatMap(
                    upstream -> {
                      if (upstream.statusCode() != 404) {
                        return relay(hop, upstream, null);
                      }
                      drain(upstream);
                      return sessions
                          .unmapReplica(session.id(), label, current)
                          .flatMap(
                              ignored ->
                                  reinitialize(
                                      hop,
                                      session,
                                      replica,
                                      "upstream session "
                                          + current
                                          + " unknown there (restarted?)"))
                          .flatMap(fresh -> send(hop, replica, hop.request(), fresh, session.id()))
                          .flatMap(retried -> relay(hop, retried, null));
                    }));
  }

  /**
   * Replays the session's initialize and {@code notifications/initialized} on a replica, stores the
   * upstream session it opened there and yields its id. Two requests of one session arriving at
   * once on a replica that lacks it both open one there; the last stored wins and the other is left
   * to the replica's idle timeout: no lock on the hot path for a rare, harmless race.
   */
  private Uni<String> reinitialize(Hop hop, McpSession session, URI replica, String why) {
    String label = Upstreams.label(replica);
    ApiRequest init =
        internal(
            hop,
            HttpMethod.POST,
            session.protocolVersion(),
            Buffer.buffer(session.initializeBody()));
    return send(hop, replica, init, null, session.id())
        .flatMap(
            upstream ->
                Uni.createFrom()
                    .completionStage(upstream.body().toCompletionStage())
                    .map(
                        body -> {
                          String upstreamId = upstream.getHeader(SESSION_HEADER);
                          if (upstream.statusCode() != 200 || upstreamId == null) {
                            LOG.warnf(
                                "MCP session %s could not be re-initialized on replica %s: %d %s"
                                    + " (request %s)",
                                session.id(),
                                label,
                                upstream.statusCode(),
                                excerpt(body),
                                hop.request().requestId());
                            throw new ApiException(
                                ErrorCode.BAD_GATEWAY,
                                "The MCP session could not be resumed; start a new one with"
                                    + " initialize");
                          }
                          return new Opened(upstreamId, negotiatedVersion(body, session, hop));
                        }))
        .flatMap(
            opened -> {
              ApiRequest initialized =
                  internal(
                      hop,
                      HttpMethod.POST,
                      opened.version(),
                      Buffer.buffer(INITIALIZED_NOTIFICATION));
              return send(hop, replica, initialized, opened.upstreamId(), session.id())
                  .flatMap(
                      upstream ->
                          Uni.createFrom().completionStage(upstream.body().toCompletionStage()))
                  .replaceWith(opened);
            })
        .call(opened -> sessions.mapReplica(session.id(), label, opened.upstreamId()))
        .invoke(
            opened ->
                LOG.infof(
                    "MCP session %s re-initialized on replica %s as upstream session %s (%s;"
                        + " request %s)",
                    session.id(), label, opened.upstreamId(), why, hop.request().requestId()))
        .map(Opened::upstreamId);
  }

  private record Opened(String upstreamId, String version) {}

  /** DELETE: the upstream session on every replica that has one, then the record. */
  private Uni<Void> close(Hop hop, McpSession session) {
    List<Uni<Void>> closes = new ArrayList<>();
    session
        .upstream()
        .forEach(
            (label, upstreamId) -> {
              URI replica =
                  upstreams.all(hop.service()).stream()
                      .filter(uri -> Upstreams.label(uri).equals(label))
                      .findFirst()
                      .orElse(null);
              if (replica == null) {
                return; // no longer configured: nothing to close there
              }
              ApiRequest delete = internal(hop, HttpMethod.DELETE, session.protocolVersion(), null);
              closes.add(
                  send(hop, replica, delete, upstreamId, session.id())
                      .flatMap(
                          upstream ->
                              Uni.createFrom().completionStage(upstream.body().toCompletionStage()))
                      .replaceWithVoid()
                      .onFailure()
                      .recoverWithItem(
                          e -> {
                            // The replica is down or restarted: the session is gone there anyway.
                            LOG.debugf(
                                "Closing upstream session %s on %s failed: %s",
                                upstreamId, label, e.toString());
                            return null;
                          }));
            });
    Uni<Void> upstreamCloses =
        closes.isEmpty()
            ? Uni.createFrom().voidItem()
            : Uni.combine().all().unis(closes).discardItems();
    return upstreamCloses
        .flatMap(ignored -> sessions.delete(session.id()))
        .invoke(
            () -> {
              LOG.infof(
                  "MCP session %s closed by the client (%d upstream sessions; request %s)",
                  session.id(), session.upstream().size(), hop.request().requestId());
              hop.exchange().send(204, Map.of(), null);
            });
  }

  /**
   * Runs {@code action} on the next replica, and on the following ones while a replica cannot be
   * connected to (nothing reached it, so nothing ran twice); other failures answer as the
   * forwarder's do (503/504).
   */
  private Uni<Void> onReplicas(Hop hop, Function<URI, Uni<Void>> action) {
    List<URI> all = upstreams.all(hop.service());
    URI first = upstreams.next(hop.service());
    if (first == null) {
      return Uni.createFrom().failure(ServiceForwarder.notConfigured(hop.service()));
    }
    List<URI> order = new ArrayList<>(all.size());
    int start = all.indexOf(first);
    for (int i = 0; i < all.size(); i++) {
      order.add(all.get((start + i) % all.size()));
    }
    return attempt(hop, order, 0, action);
  }

  private Uni<Void> attempt(Hop hop, List<URI> order, int index, Function<URI, Uni<Void>> action) {
    URI replica = order.get(index);
    return Uni.createFrom()
        .deferred(() -> action.apply(replica))
        .onFailure(e -> unreachable(e) && index + 1 < order.size())
        .recoverWithUni(
            e -> {
              LOG.warnf(
                  "MCP replica %s unreachable (%s); request %s goes to %s",
                  Upstreams.label(replica),
                  e.toString(),
                  hop.request().requestId(),
                  Upstreams.label(order.get(index + 1)));
              return attempt(hop, order, index + 1, action);
            })
        .onFailure(e -> !(e instanceof ApiException))
        .transform(e -> ServiceForwarder.unavailable(hop.service(), e));
  }

  private static boolean unreachable(Throwable e) {
    return e instanceof ConnectException || e.getCause() instanceof ConnectException;
  }

  /** Sends a request of this hop to a replica, under the given upstream session (or none). */
  private Uni<HttpClientResponse> send(
      Hop hop, URI replica, ApiRequest request, String upstreamSession, String clientSession) {
    return forwarder.open(
        replica,
        request,
        hop.token(),
        headers -> {
          if (upstreamSession == null) {
            headers.remove(SESSION_HEADER);
          } else {
            headers.set(SESSION_HEADER, upstreamSession);
          }
          String origin = headers.get("Origin");
          if (origin != null && !forwardedOrigin(origin)) {
            headers.remove("Origin");
          }
          if (hop.authorization() != null) {
            headers.set(CALLER_HEADER, hop.authorization());
          }
          if (clientSession == null) {
            headers.remove(GATEWAY_SESSION_HEADER);
          } else {
            headers.set(GATEWAY_SESSION_HEADER, clientSession);
          }
          // The caller's rate limit as the gateway just decided it (whoami tells it), never a
          // client's own claim.
          RATE_LIMIT_HEADERS.forEach(headers::remove);
          RateLimitDecision limit = hop.exchange().context().get(Exchange.RATE_LIMIT);
          if (limit != null) {
            headers.set("X-RateLimit-Limit", Integer.toString(limit.limit()));
            headers.set("X-RateLimit-Remaining", Integer.toString(limit.remaining()));
            headers.set("X-RateLimit-Reset", Integer.toString(limit.resetSeconds()));
          }
        },
        config.mcp().streamIdleTimeout());
  }

  /** A request the gateway makes on the session's behalf (replayed initialize, close). */
  private static ApiRequest internal(Hop hop, HttpMethod method, String version, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set("Accept", "application/json, text/event-stream");
    if (body != null) {
      headers.set("Content-Type", "application/json");
    }
    if (version != null) {
      headers.set(PROTOCOL_HEADER, version);
    }
    ApiRequest original = hop.request();
    return new ApiRequest(
        original.requestId(),
        method,
        original.path(),
        null,
        headers,
        body == null ? Buffer.buffer() : body,
        original.clientAddress(),
        original.principal(),
        Map.of());
  }

  /** The upstream answer to the client, the upstream's session id replaced by the gateway's. */
  private Uni<Void> relay(Hop hop, HttpClientResponse upstream, String clientSession) {
    Map<String, String> headers = ServiceForwarder.copyHeaders(upstream.headers());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase(SESSION_HEADER));
    if (clientSession != null) {
      headers.put(SESSION_HEADER, clientSession);
    }
    return forwarder.relay(hop.exchange(), upstream, hop.service(), headers);
  }

  private static void drain(HttpClientResponse upstream) {
    upstream.body().onFailure(ignored -> {});
  }

  /**
   * The protocol version to announce after a replayed initialize: what the client uses now, else
   * what the replica answered, else what the client asked for at first.
   */
  private String negotiatedVersion(Buffer body, McpSession session, Hop hop) {
    String current = hop.request().headers().get(PROTOCOL_HEADER);
    if (current != null) {
      return current;
    }
    String text = body.toString(StandardCharsets.UTF_8).trim();
    if (text.startsWith("event:") || text.startsWith("data:")) {
      // An event stream: the answer is the data of its message event.
      text =
          text.lines()
              .filter(line -> line.startsWith("data:"))
              .map(line -> line.substring(5).trim())
              .findFirst()
              .orElse("");
    }
    try {
      JsonNode version = mapper.readTree(text).path("result").path("protocolVersion");
      if (version.isTextual()) {
        return version.asText();
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return session.protocolVersion();
  }

  private static String excerpt(Buffer body) {
    String text = body.length() > 300 ? body.getString(0, 300) + "…" : body.toString();
    return text.replaceAll("\\s+", " ");
  }

  private boolean originAllowed(String origin) {
    return isLoopback(origin) || allowedOrigins.contains(normalizeOrigin(origin));
  }

  /**
   * The origins mcp-service's own check accepts by default ({@code solid.mcp.allowed-origins}):
   * localhost and 127.0.0.1. Any other origin the gateway let through is dropped on the way.
   */
  private static boolean forwardedOrigin(String origin) {
    if (!isLoopback(origin)) {
      return false;
    }
    String host = URI.create(origin.trim()).getHost().toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.equals("127.0.0.1");
  }

  /** {@code http(s)://localhost|127.0.0.1|[::1]} with any port, the host matched exactly. */
  static boolean isLoopback(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String normalizeOrigin(String origin) {
    String trimmed = origin.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
