package dev.solid.gateway.mcp;

import dev.solid.common.error.ApiException;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.LuaScript;
import dev.solid.gateway.resilience.DependencyGuards;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The MCP sessions the gateway hands out, in Redis (one hash per session, shared by every gateway
 * replica): whose session it is (company, mode, credential digest), the initialize request that
 * opened it (replayed on a replica that does not know the session), and the upstream session id on
 * each mcp-service replica it has been used on. Every use starts the idle TTL again ({@code
 * solid.gateway.mcp.session-ttl}).
 *
 * <p>Fail-closed: when Redis cannot say which session a request belongs to, the request gets 503
 * (the session is not lost: a retry shortly finds it).
 */
@ApplicationScoped
public class McpSessionStore {
  private static final Logger LOG = Logger.getLogger(McpSessionStore.class);
  private static final String PREFIX = "solid:mcp:session:";
  private static final String UPSTREAM_FIELD = "up:";
  private static final SecureRandom RANDOM = new SecureRandom();

  // KEYS[1] session; ARGV[1] ttl ms, then field/value pairs. Creates the record.
  private static final LuaScript CREATE =
      new LuaScript(
          """
          for i = 2, #ARGV, 2 do
            redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
          end
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          return 1
          """);

  // KEYS[1] session; ARGV[1] ttl ms. The record (flat field/value list), its TTL started again.
  private static final LuaScript TOUCH =
      new LuaScript(
          """
          if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then
            return {}
          end
          return redis.call('HGETALL', KEYS[1])
          """);

  // KEYS[1] session; ARGV[1] ttl ms, ARGV[2] field, ARGV[3] value. Only on a live record: a
  // session closed meanwhile is not brought back.
  private static final LuaScript MAP_REPLICA =
      new LuaScript(
          """
          if redis.call('EXISTS', KEYS[1]) == 0 then
            return 0
          end
          redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          return 1
          """);

  // KEYS[1] session; ARGV[1] field, ARGV[2] the value seen. Forgets a replica's upstream session
  // only if nobody replaced it meanwhile (another request re-initialized it already).
  private static final LuaScript UNMAP_REPLICA =
      new LuaScript(
          """
          if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
            return redis.call('HDEL', KEYS[1], ARGV[1])
          end
          return 0
          """);

  private final RedisAPI redis;
  private final DependencyGuards guards;
  private final GatewayConfig config;

  public McpSessionStore(RedisAPI redis, DependencyGuards guards, GatewayConfig config) {
    this.redis = redis;
    this.guards = guards;
    this.config = config;
  }

  /** A new client-facing session id: 192 random bits, visible ASCII as MCP requires. */
  public static String newId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "mcps_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Stores a session just opened on {@code replica} as {@code upstreamId}. */
  public Uni<Void> create(McpSession session, String replica, String upstreamId) {
    List<String> args = new ArrayList<>();
    args.add(ttlMillis());
    session.owner().forEach((field, value) -> addPair(args, field, value));
    addPair(args, "init", session.initializeBody());
    if (session.protocolVersion() != null) {
      addPair(args, "version", session.protocolVersion());
    }
    addPair(args, UPSTREAM_FIELD + replica, upstreamId);
    return guarded(() -> CREATE.run(redis, List.of(key(session.id())), args)).replaceWithVoid();
  }

  /** The session, its idle TTL started again; empty when it does not exist (or expired). */
  public Uni<Optional<McpSession>> find(String id) {
    return guarded(() -> TOUCH.run(redis, List.of(key(id)), List.of(ttlMillis())))
        .map(response -> parse(id, response));
  }

  /** Remembers the upstream session of {@code replica}; false when the session is gone. */
  public Uni<Boolean> mapReplica(String id, String replica, String upstreamId) {
    return guarded(
            () ->
                MAP_REPLICA.run(
                    redis,
                    List.of(key(id)),
                    List.of(ttlMillis(), UPSTREAM_FIELD + replica, upstreamId)))
        .map(response -> response.toInteger() == 1);
  }

  /** Forgets the upstream session of {@code replica} when it is still {@code upstreamId}. */
  public Uni<Void> unmapReplica(String id, String replica, String upstreamId) {
    return guarded(
            () ->
                UNMAP_REPLICA.run(
                    redis, List.of(key(id)), List.of(UPSTREAM_FIELD + replica, upstreamId)))
        .replaceWithVoid();
  }

  public Uni<Void> delete(String id) {
    return guarded(() -> redis.del(List.of(key(id)))).replaceWithVoid();
  }

  /**
   * A Redis step under its deadline and breaker; a failure is a 503 with Retry-After, never a 500:
   * the request was fine and the session is still there for a retry.
   */
  private <T> Uni<T> guarded(java.util.function.Supplier<Uni<T>> call) {
    return guards
        .mcpSessions(call)
        .onFailure(e -> !(e instanceof ApiException))
        .transform(
            e -> {
              LOG.warnf("MCP session store unavailable: %s", e.toString());
              return ApiException.unavailable(
                  "MCP sessions are temporarily unavailable; retry shortly", 5);
            });
  }

  private static Optional<McpSession> parse(String id, Response response) {
    if (response == null || response.size() == 0) {
      return Optional.empty();
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < response.size(); i += 2) {
      fields.put(response.get(i).toString(), response.get(i + 1).toString());
    }
    Map<String, String> upstream = new HashMap<>();
    Map<String, String> owner = new HashMap<>();
    fields.forEach(
        (field, value) -> {
          if (field.startsWith(UPSTREAM_FIELD)) {
            upstream.put(field.substring(UPSTREAM_FIELD.length()), value);
          } else if (McpSession.OWNER_FIELDS.contains(field)) {
            owner.put(field, value);
          }
        });
    String init = fields.get("init");
    if (init == null) {
      return Optional.empty();
    }
    return Optional.of(new McpSession(id, owner, init, fields.get("version"), upstream));
  }

  private static void addPair(List<String> args, String field, String value) {
    args.add(field);
    args.add(value);
  }

  private String ttlMillis() {
    return Long.toString(config.mcp().sessionTtl().toMillis());
  }

  // The hash tag {…} keeps a session's record on one Redis Cluster slot.
  private static String key(String id) {
    return PREFIX + "{" + id + "}";
  }
}
