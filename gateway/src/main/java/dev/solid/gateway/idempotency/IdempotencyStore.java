package dev.solid.gateway.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.LuaScript;
import dev.solid.gateway.resilience.DependencyGuards;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Idempotency records in Redis, one hash per (company, mode, Idempotency-Key). Each step is one
 * atomic Lua script, so two replicas racing on the same key see exactly one winner.
 *
 * <p>The lock: a claim holds the key for {@code lock-ttl} and carries a random token; completing
 * and releasing check the token, so a request that outlived its lock (and whose key another request
 * claimed meanwhile) cannot clobber or free the newer claim. The gateway's total upstream deadline
 * is shorter than the lock TTL (checked at start-up), so a live request does not lose its lock.
 *
 * <p>Fail-closed: when Redis cannot be reached, or does not answer a claim within the idempotency
 * deadline (a frozen Redis accepts the connection and then says nothing), a request carrying an
 * Idempotency-Key gets 503 instead of running without protection — the client asked for
 * at-most-once and we cannot promise it. Requests without the header are unaffected. Storing or
 * releasing an answer that misses the deadline is given up (and logged): the answer still goes out,
 * and the lock expires on its own. While the circuit breaker is open Redis is not asked at all.
 */
@ApplicationScoped
public class IdempotencyStore {
  private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Seconds a client refused for want of Redis is asked to wait; about one breaker delay. */
  private static final long RETRY_AFTER_SECONDS = 5;

  // KEYS[1] record; ARGV[1] fingerprint; ARGV[2] lock ttl ms; ARGV[3] claim token.
  private static final LuaScript CLAIM =
      new LuaScript(
          """
          local state = redis.call('HGET', KEYS[1], 'state')
          if not state then
            redis.call('HSET', KEYS[1], 'state', 'running', 'fp', ARGV[1], 'token', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {'acquired'}
          end
          if redis.call('HGET', KEYS[1], 'fp') ~= ARGV[1] then
            return {'mismatch'}
          end
          if state == 'running' then
            return {'running'}
          end
          return {'done', redis.call('HGET', KEYS[1], 'response')}
          """);

  // KEYS[1] record; ARGV[1] claim token; ARGV[2] response; ARGV[3] ttl ms. Only the holder of the
  // running claim may complete it: a request whose lock expired (and was claimed again by a retry)
  // must not overwrite the retry's record.
  private static final LuaScript COMPLETE =
      new LuaScript(
          """
          if redis.call('HGET', KEYS[1], 'state') == 'running'
              and redis.call('HGET', KEYS[1], 'token') == ARGV[1] then
            redis.call('HSET', KEYS[1], 'state', 'done', 'response', ARGV[2])
            redis.call('HDEL', KEYS[1], 'token')
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
          end
          return 0
          """);

  // KEYS[1] record; ARGV[1] claim token. Frees a running claim (5xx or failure: a retry may run),
  // only if it is still this request's claim.
  private static final LuaScript RELEASE =
      new LuaScript(
          """
          if redis.call('HGET', KEYS[1], 'state') == 'running'
              and redis.call('HGET', KEYS[1], 'token') == ARGV[1] then
            return redis.call('DEL', KEYS[1])
          end
          return 0
          """);

  private final RedisAPI redis;
  private final GatewayConfig config;
  private final ObjectMapper mapper;
  private final DependencyGuards guards;

  public IdempotencyStore(
      RedisAPI redis, GatewayConfig config, ObjectMapper mapper, DependencyGuards guards) {
    this.redis = redis;
    this.config = config;
    this.mapper = mapper;
    this.guards = guards;
  }

  public Uni<Claim> claim(String scope, String key, String fingerprint) {
    String token = newToken();
    List<String> args =
        List.of(fingerprint, Long.toString(config.idempotency().lockTtl().toMillis()), token);
    return guards
        .idempotency(() -> CLAIM.run(redis, List.of(recordKey(scope, key)), args))
        .map(response -> toClaim(response, token))
        .onFailure(e -> !(e instanceof ApiException))
        .recoverWithUni(IdempotencyStore::unavailable);
  }

  /** Stores the finished response; true when this claim still held the key and stored it. */
  public Uni<Boolean> completeIfHeld(
      String scope, String key, String token, StoredResponse response) {
    List<String> args =
        List.of(token, encode(response), Long.toString(config.idempotency().ttl().toMillis()));
    return guards
        .idempotency(() -> COMPLETE.run(redis, List.of(recordKey(scope, key)), args))
        .map(r -> r.toLong() == 1L)
        .invoke(
            stored -> {
              if (!stored) {
                LOG.warnf(
                    "Idempotency key %s was no longer held by this request (lock expired);"
                        + " its response was not stored",
                    key);
              }
            });
  }

  public Uni<Void> complete(String scope, String key, String token, StoredResponse response) {
    return completeIfHeld(scope, key, token, response)
        .replaceWithVoid()
        .onFailure()
        .invoke(e -> LOG.errorf("Could not store idempotent response for key %s: %s", key, e));
  }

  /** Frees the claim if it is still this request's; true when it was. */
  public Uni<Boolean> releaseIfHeld(String scope, String key, String token) {
    return guards
        .idempotency(() -> RELEASE.run(redis, List.of(recordKey(scope, key)), List.of(token)))
        .map(r -> r.toLong() == 1L);
  }

  public Uni<Void> release(String scope, String key, String token) {
    return releaseIfHeld(scope, key, token)
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("Could not release idempotency key %s (expires on its own): %s", key, e);
              return null;
            });
  }

  private static String recordKey(String scope, String key) {
    // Hash tag on the scope keeps a company's records on one cluster slot.
    return "solid:idem:{" + scope + "}:" + key;
  }

  /**
   * A random claim token: who holds a running key, so a stale request cannot touch a newer claim.
   */
  private static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private Claim toClaim(Response response, String token) {
    String state = response.get(0).toString();
    return switch (state) {
      case "acquired" -> new Claim.Acquired(token);
      case "mismatch" -> new Claim.Mismatch();
      case "running" -> new Claim.InProgress();
      default -> new Claim.Replay(decode(response.get(1).toString()));
    };
  }

  private String encode(StoredResponse response) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", response.status());
    json.put("headers", response.headers());
    json.put("body", Base64.getEncoder().encodeToString(response.body()));
    try {
      return mapper.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private StoredResponse decode(String text) {
    try {
      Map<String, Object> json = mapper.readValue(text, new TypeReference<>() {});
      @SuppressWarnings("unchecked")
      Map<String, String> headers = (Map<String, String>) json.get("headers");
      return new StoredResponse(
          ((Number) json.get("status")).intValue(),
          headers,
          Base64.getDecoder().decode((String) json.get("body")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Corrupt idempotency record", e);
    }
  }

  private static <T> Uni<T> unavailable(Throwable e) {
    // The breaker logged the outage when it opened; a line per refused request would flood.
    if (e instanceof CircuitBreakerOpenException) {
      LOG.debug("Idempotency store unavailable (breaker open)");
    } else {
      LOG.errorf("Idempotency store unavailable: %s", e.toString());
    }
    return Uni.createFrom()
        .failure(
            ApiException.unavailable(
                "Idempotency-Key cannot be honoured right now; retry shortly",
                RETRY_AFTER_SECONDS));
  }

  /** The result of claiming a key. */
  public sealed interface Claim {
    /** First use: run the request, then complete or release with the token. */
    record Acquired(String token) implements Claim {}

    /** The key was used with a different request. */
    record Mismatch() implements Claim {}

    /** The first request with this key is still running. */
    record InProgress() implements Claim {}

    /** A finished response to replay. */
    record Replay(StoredResponse response) implements Claim {}
  }

  /** A finished response, kept to be replayed byte for byte. */
  public record StoredResponse(int status, Map<String, String> headers, byte[] body) {}
}
