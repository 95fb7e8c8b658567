package dev.solid.webhooks.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the webhook dispatcher. Every property can be set from the environment
 * (SOLID_WEBHOOKS_…); Kafka topics are {@code mp.messaging.incoming.domain-events.topics}.
 */
@ConfigMapping(prefix = "solid.webhooks")
public interface WebhooksConfig {

  /**
   * Base64 of the 32-byte AES key that encrypts endpoint secrets at rest (AES-256-GCM, bound to the
   * company). No default: the published dev key is a {@code %dev,test} default in
   * application.properties, so a production start without a real key fails (secrets "encrypted"
   * with a key anyone can read from the source are not protected). Keep it: secrets stored with one
   * key do not decrypt with another.
   */
  String secretEncryptionKey();

  /** Most webhook endpoints one company may register (both modes together). */
  @WithDefault("50")
  int maxEndpointsPerCompany();

  /** How long the previous secret keeps signing deliveries after a rotation. */
  @WithDefault("24h")
  Duration secretRotationOverlap();

  /** Delivery settings. */
  Delivery delivery();

  /** Retry settings. */
  Retry retry();

  /**
   * Allow loopback and private addresses as webhook targets (SSRF guard off for them). Only for
   * local runs and tests; never in production.
   */
  @WithDefault("false")
  boolean allowPrivateNetworks();

  /**
   * CIDRs allowed although private, e.g. 10.20.0.0/16 for an internal receiver, or
   * 127.0.0.0/8,::1/128 (loopback only) as the local launcher sets.
   */
  Optional<List<String>> allowedCidrs();

  interface Delivery {
    /**
     * A delivery succeeds only on a 2xx received within this time, counted from when the connection
     * is obtained (connecting is bounded by {@link #connectTimeout}).
     */
    @WithDefault("10s")
    Duration timeout();

    /** Bound on DNS resolution, and separately on getting a connection (TCP connect, TLS). */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Most requests in flight to one endpoint from one dispatcher replica. */
    @WithDefault("4")
    int maxInFlightPerEndpoint();

    /** Most requests in flight overall from one dispatcher replica. */
    @WithDefault("64")
    int maxInFlight();

    /**
     * How often due retries are polled for (new deliveries wake the sender at once, without
     * waiting). The scheduler checks its triggers once a second, so anything shorter acts as 1s.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How long a claimed delivery stays locked to one replica. Longer than the timeout, so a live
     * send never loses its lease; a crashed replica's claims come back after it.
     */
    @WithDefault("60s")
    Duration lease();

    /** Bytes of the response body kept per attempt. */
    @WithDefault("2048")
    int responseExcerptBytes();

    /** User-Agent of every delivery. */
    @WithDefault("Solid-Webhooks/1.0")
    String userAgent();
  }

  interface Retry {
    /**
     * Delay before each attempt, counted from the previous attempt; its length is the number of
     * attempts. Default: at once, +5 min, +1 h, +6 h, +17 h (5 attempts over about 24 h).
     */
    @WithDefault("0s,5m,1h,6h,17h")
    List<Duration> schedule();

    /** Random jitter as a fraction of each delay (0.1 = ±10 %), so retries of an outage spread. */
    @WithDefault("0.1")
    double jitter();

    /**
     * Upper bound on a Retry-After (429/503, seconds or HTTP-date) that is honoured: a receiver
     * asking for more is retried after this bound (never before its schedule delay).
     */
    @WithDefault("1h")
    Duration maxRetryAfter();

    /** An endpoint with no successful delivery and only failures for this long is disabled. */
    @WithDefault("5d")
    Duration disableAfter();
  }
}
