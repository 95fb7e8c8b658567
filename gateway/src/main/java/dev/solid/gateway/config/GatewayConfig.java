package dev.solid.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the gateway. Every property can be set from the environment (SOLID_GATEWAY_…). */
@ConfigMapping(prefix = "solid.gateway")
public interface GatewayConfig {

  /**
   * Base URL of each upstream service by name (crm, messaging, payments, webhooks, mcp), e.g.
   * SOLID_GATEWAY_SERVICES_CRM=http://crm-service:8081.
   */
  Map<String, String> services();

  /** Largest request body accepted; larger bodies get 413. */
  @WithDefault("1048576")
  int maxBodyBytes();

  /**
   * How long an upstream may stay silent (no byte of the answer) before the gateway gives up with
   * 504: an idle timeout.
   */
  @WithDefault("30s")
  Duration upstreamTimeout();

  /**
   * The most an upstream request may take in total, answer body included, when the gateway buffers
   * it (requests with an Idempotency-Key); then 504. Must be shorter than {@code
   * idempotency.lock-ttl} so a request still running never loses its lock (checked at start-up).
   */
  @WithDefault("60s")
  Duration upstreamDeadline();

  /** Highest rate_limit_per_minute the owner may give a key (a key may give at most its own). */
  @WithDefault("10000")
  int maxKeyRateLimitPerMinute();

  /** Lifetime of the internal JWT minted for each forwarded request. */
  @WithDefault("60s")
  Duration internalTokenTtl();

  /** Lifetime of the owner session JWT returned by login. */
  @WithDefault("1h")
  Duration ownerTokenTtl();

  /** Login and signup attempts allowed per client address per minute (brute-force guard). */
  @WithDefault("20")
  int authAttemptsPerMinute();

  /** Provider callbacks (Twilio, Telegram) accepted per client address per minute. */
  @WithDefault("1200")
  int callbacksPerMinute();

  /** Most active API keys one company may hold. */
  @WithDefault("100")
  int maxKeysPerCompany();

  /** Idempotency settings. */
  Idempotency idempotency();

  /** The MCP endpoint ({@code /api/mcp}, {@code /mcp}): sessions, origins, streams. */
  Mcp mcp();

  interface Mcp {
    /**
     * How long an MCP session the gateway handed out lives without being used; every request in it
     * starts the period again.
     */
    @WithDefault("8h")
    Duration sessionTtl();

    /**
     * Browser origins ({@code https://app.example.com}) allowed to call the MCP endpoint besides
     * loopback ones ({@code http://localhost:…}, {@code http://127.0.0.1:…}); a request with
     * another Origin gets 403 (DNS-rebinding protection, as MCP asks of servers). Requests without
     * Origin (every non-browser client) are not concerned.
     */
    Optional<List<String>> allowedOrigins();

    /**
     * Longest an MCP answer may stay silent (an event stream waiting for its next event, a long
     * tool call) before the gateway gives up on it; the REST routes keep {@code upstream-timeout}.
     */
    @WithDefault("15m")
    Duration streamIdleTimeout();
  }

  /**
   * Deadlines and circuit breakers of the gateway's own calls to Redis and PostgreSQL. A dependency
   * that stops answering (frozen, partitioned) must cost a request at most its deadline, never a
   * hang: each call is given up after its deadline, and a breaker stops calling altogether while
   * most recent calls failed.
   */
  Dependencies dependencies();

  interface Dependencies {
    /**
     * Longest the rate limiter waits for Redis; then the request passes (fail-open). Milliseconds:
     * it is on the path of every request.
     */
    @WithDefault("100ms")
    Duration rateLimiterTimeout();

    /**
     * Longest an idempotency step (claim, store, release) waits for Redis; a claim then fails
     * closed with 503, a store or release is left to the lock's expiry.
     */
    @WithDefault("500ms")
    Duration idempotencyTimeout();

    /**
     * Longest authentication waits for PostgreSQL to look up a key, an owner or a login; then 503
     * with Retry-After.
     */
    @WithDefault("1s")
    Duration credentialsTimeout();

    /**
     * Longest any other PostgreSQL call waits (signup, key management: a few small writes); then
     * 503 with Retry-After.
     */
    @WithDefault("3s")
    Duration databaseTimeout();

    /** How many recent calls each circuit breaker judges by. */
    @WithDefault("8")
    int breakerRequestVolume();

    /** Share of those recent calls that must have failed for the breaker to open. */
    @WithDefault("0.5")
    double breakerFailureRatio();

    /**
     * How long an open breaker fails calls at once, without asking the dependency, before it lets a
     * trial call through (and closes again when that succeeds).
     */
    @WithDefault("5s")
    Duration breakerDelay();
  }

  /** Limits on the request line and headers, answered by the gateway as problem+json. */
  Limits limits();

  interface Limits {
    /**
     * Longest request target (path and query) accepted; longer ones get 414. Keep it below {@code
     * quarkus.http.limits.max-initial-line-length}, where the HTTP parser itself refuses (with an
     * empty body the gateway cannot change).
     */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * Most bytes of request headers accepted in total; more get 431. Keep it below {@code
     * quarkus.http.limits.max-header-size}, where the HTTP parser itself refuses.
     */
    @WithDefault("20480")
    int maxHeaderBytes();
  }

  interface Idempotency {
    /** How long a finished response is replayed for the same Idempotency-Key. */
    @WithDefault("24h")
    Duration ttl();

    /**
     * How long a running request holds its key. Longer than {@code upstream-deadline} so a live
     * request never loses its lock; short enough that a crashed gateway frees the key soon.
     */
    @WithDefault("90s")
    Duration lockTtl();

    /** Longest Idempotency-Key accepted. */
    @WithDefault("255")
    int maxKeyLength();
  }
}
