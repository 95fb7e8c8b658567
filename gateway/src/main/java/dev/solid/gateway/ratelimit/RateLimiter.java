package dev.solid.gateway.ratelimit;

import dev.solid.gateway.http.LuaScript;
import dev.solid.gateway.resilience.DependencyGuards;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Per-subject (API key or owner session) request limit per minute, decided by one atomic Lua script
 * in Redis so it is exact under concurrency and across gateway replicas.
 *
 * <p>The window is a fixed 60 s that starts with the subject's first request: INCR, and on the
 * first hit PEXPIRE. X-RateLimit-Reset is the key's remaining TTL, so it is exact too.
 *
 * <p>Fail-open: when Redis cannot be reached, or does not answer within the limiter's deadline
 * (milliseconds: it is on the path of every request; a frozen or partitioned Redis accepts the
 * connection and then says nothing), the request is allowed (and logged). An outage of the limiter
 * should not become an outage of the API; the limit protects capacity, not data. While the circuit
 * breaker is open the limiter does not ask Redis at all, so a stalled Redis costs a few deadlines,
 * not one per request.
 */
@ApplicationScoped
public class RateLimiter {
  private static final Logger LOG = Logger.getLogger(RateLimiter.class);
  private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

  // KEYS[1] counter; ARGV[1] window in ms. Returns {count, ttl ms}.
  private static final LuaScript SCRIPT =
      new LuaScript(
          """
          local count = redis.call('INCR', KEYS[1])
          if count == 1 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
          end
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            ttl = tonumber(ARGV[1])
          end
          return {count, ttl}
          """);

  // KEYS[1] counter; ARGV[1] window in ms. Reads without counting: {count so far, ttl ms}.
  private static final LuaScript PEEK =
      new LuaScript(
          """
          local count = tonumber(redis.call('GET', KEYS[1]) or '0')
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl < 0 then
            ttl = tonumber(ARGV[1])
          end
          return {count, ttl}
          """);

  private final RedisAPI redis;
  private final DependencyGuards guards;

  public RateLimiter(RedisAPI redis, DependencyGuards guards) {
    this.redis = redis;
    this.guards = guards;
  }

  /** Counts one request for the subject against the limit and says whether it may pass. */
  public Uni<RateLimitDecision> check(String subject, int limit) {
    return run(SCRIPT, subject, limit, 0);
  }

  /**
   * Says whether one more request of the subject would pass, without counting it: for a request
   * whose cost is known only once its body is read (the MCP hop charges by JSON-RPC method), or
   * that is paid for elsewhere (a tool call pays through the API calls it makes).
   */
  public Uni<RateLimitDecision> peek(String subject, int limit) {
    return run(PEEK, subject, limit, 1);
  }

  private Uni<RateLimitDecision> run(LuaScript script, String subject, int limit, int ahead) {
    // The hash tag {…} keeps each subject's key on one Redis Cluster slot.
    String key = "solid:rl:{" + subject + "}";
    return guards
        .rateLimiter(() -> script.run(redis, List.of(key), List.of(Long.toString(WINDOW_MILLIS))))
        .map(
            response -> {
              // Counted so far (this request included when it was counted).
              long count = response.get(0).toLong();
              long ttlMillis = response.get(1).toLong();
              return new RateLimitDecision(
                  count + ahead <= limit,
                  limit,
                  (int) Math.max(0, limit - count),
                  (int) Math.max(1, (ttlMillis + 999) / 1000));
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              // The breaker logged the outage when it opened; a line per request would flood.
              if (e instanceof CircuitBreakerOpenException) {
                LOG.debugf("Rate limiter unavailable (breaker open), allowing %s", subject);
              } else {
                LOG.warnf(
                    "Rate limiter unavailable, allowing request of %s: %s", subject, e.toString());
              }
              return new RateLimitDecision(true, limit, limit, 60);
            });
  }
}
