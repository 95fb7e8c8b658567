package dev.solid.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the messaging service (env: SOLID_MESSAGING_…). */
@ConfigMapping(prefix = "solid.messaging")
public interface MessagingConfig {

  /**
   * Base64 of the 32-byte AES key that encrypts provider credentials at rest (env
   * SOLID_MESSAGING_CREDENTIALS_KEY, e.g. {@code openssl rand -base64 32}). No default: the
   * published development key is a {@code %dev,test} default in application.properties only, so a
   * production start without a real key fails.
   */
  String credentialsKey();

  /** Daily cap of a new account when none is given: Telegram's 50 sends per day per account. */
  @WithDefault("50")
  int defaultDailyCap();

  /**
   * Public base URL the providers call (e.g. https://api.solid.dev), used to rebuild the URL that
   * Twilio signed. Unset: taken from X-Forwarded-Proto/Host of the gateway, then the request.
   */
  Optional<String> publicBaseUrl();

  /** Twilio REST API base URL. */
  @WithDefault("https://api.twilio.com")
  String twilioBaseUrl();

  /** Telegram Bot API base URL. */
  @WithDefault("https://api.telegram.org")
  String telegramBaseUrl();

  /** crm-service, asked for a contact the local projection does not have yet. */
  Crm crm();

  /** Delivery worker settings. */
  Delivery delivery();

  /** Drip sequence scheduler settings. */
  Scheduler scheduler();

  /** Broadcast settings. */
  Broadcast broadcast();

  /** Sweeper of messages a lost command or a dead worker left behind. */
  Sweeper sweeper();

  /** crm-service, asked for a contact the local projection does not have yet. */
  interface Crm {
    /**
     * Base URL of crm-service's API (env SOLID_MESSAGING_CRM_BASE_URL). The default is crm's local
     * port on this host, which is what the local launcher runs; any other installation must set it
     * (a real launch with the default logs a warning at start-up, see CrmBaseUrlCheck).
     */
    @WithDefault("http://127.0.0.1:8081")
    String baseUrl();

    /**
     * Milliseconds crm has to answer one lookup in total, connection included (env
     * SOLID_MESSAGING_CRM_TIMEOUT_MILLIS); past it the request is a 503 with Retry-After. Applied
     * as the lookups' {@code @Timeout} (application.properties, see CrmClient).
     */
    @WithDefault("3000")
    long timeoutMillis();
  }

  /** Broadcast settings. */
  interface Broadcast {
    /**
     * Most recipients of one broadcast. The whole job is queued in one transaction (all or nothing
     * against the daily cap), so this bounds that transaction.
     */
    @WithDefault("10000")
    int maxRecipients();
  }

  /** Sweeper of messages a lost command or a dead worker left behind. */
  interface Sweeper {
    /** Whether this instance sweeps (any number of replicas may: every change is conditional). */
    @WithDefault("true")
    boolean enabled();

    /** How often the sweeper looks (the scheduler checks its triggers once a second). */
    @WithDefault("30s")
    Duration interval();

    /**
     * Age of a {@code queued} message after which its delivery command is presumed lost and is
     * published again (then again after each further such period). Far above the relay's normal
     * latency (sub-second). A message that is merely waiting its turn (a company's big broadcast is
     * delivered one message at a time, see BENCHMARK.md) also gets a second command; that is
     * harmless, since the worker's queued → sending claim lets only one through, and cheap (the
     * losing claim is one update that matches nothing).
     */
    @WithDefault("10m")
    Duration requeueAfter();

    /**
     * Age of a {@code sending} message after which its worker is presumed dead mid-call. Above the
     * longest a live worker can hold one (every attempt's provider timeout plus the backoffs).
     */
    @WithDefault("5m")
    Duration sendingLease();

    /** Most messages handled per sweep and kind. */
    @WithDefault("500")
    int batchSize();
  }

  /** Delivery worker settings. */
  interface Delivery {
    /** Provider calls per message, the first included, before a transient failure is final. */
    @WithDefault("4")
    int maxAttempts();

    /** Wait before the first retry; doubles (with jitter) up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("5s")
    Duration maxBackoff();

    /** Time a provider has to answer one request. */
    @WithDefault("10s")
    Duration providerTimeout();
  }

  /** Drip sequence scheduler settings. */
  interface Scheduler {
    /** Whether this instance sends due sequence steps (any number of replicas may). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often due steps are looked for; the precision of step delays. The scheduler checks its
     * triggers once a second, so less than 1s is 1s.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claimed enrollment stays reserved to one instance if it dies mid-step. */
    @WithDefault("30s")
    Duration lease();

    /** Most enrollments claimed per poll. */
    @WithDefault("100")
    int batchSize();
  }
}
