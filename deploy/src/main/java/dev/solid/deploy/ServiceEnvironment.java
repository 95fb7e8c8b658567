package dev.solid.deploy;

import dev.solid.infra.InternalJwtKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment each service process gets from the launcher: where PostgreSQL, Redis and Kafka
 * are, the internal JWT keys, and what one service needs beyond that on a developer's machine.
 */
final class ServiceEnvironment {
  /**
   * Kafka consumer session timeout on this machine. A consumer that dies without leaving its group
   * (a crash, kill -9) keeps its partitions until its session expires; the client's default of 45 s
   * is sized for brokers across a network. A service restarted by the launcher takes longer than
   * this to come back, so its old member is gone when the new one joins.
   */
  static final String KAFKA_SESSION_TIMEOUT_MS = "10000";

  /** A third of the session timeout, as Kafka recommends. */
  static final String KAFKA_HEARTBEAT_INTERVAL_MS = "3000";

  private final PlatformOptions options;
  private final Map<String, String> common;
  private final InternalJwtKeys keys;

  ServiceEnvironment(
      PlatformOptions options, Infrastructure.Endpoints endpoints, InternalJwtKeys keys) {
    this.options = options;
    this.keys = keys;
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl());
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", endpoints.postgresUser());
    env.put("QUARKUS_DATASOURCE_PASSWORD", endpoints.postgresPassword());
    env.put("QUARKUS_REDIS_HOSTS", endpoints.redisUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrap());
    env.put("KAFKA_SESSION_TIMEOUT_MS", KAFKA_SESSION_TIMEOUT_MS);
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", KAFKA_HEARTBEAT_INTERVAL_MS);
    env.put("SOLID_INTERNAL_JWT_PUBLIC_KEY", fileUrl(keys.publicKey()));
    env.put("SOLID_ENV", "local");
    this.common = Map.copyOf(env);
  }

  /** Everything {@code service} needs, the gateway included. */
  Map<String, String> of(Service service) {
    Map<String, String> env = new HashMap<>(common);
    switch (service) {
      case WEBHOOKS -> {
        // A developer receives webhooks on localhost, and wants retries in seconds, not hours.
        // Loopback only: private networks and cloud metadata stay refused even locally.
        env.put("SOLID_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.0/8,::1/128");
        env.put("SOLID_WEBHOOKS_RETRY_SCHEDULE", "0s,5s,30s,2m,5m");
        env.put(
            "SOLID_WEBHOOKS_SECRET_ENCRYPTION_KEY",
            SecretKeys.ensure(options.dataDirectory().resolve("keys/webhook-secrets.key")));
      }
      case MESSAGING -> {
        env.put(
            "SOLID_MESSAGING_CREDENTIALS_KEY",
            SecretKeys.ensure(options.dataDirectory().resolve("keys/messaging-credentials.key")));
        // Twilio signs the public URL of its callbacks: here, the gateway on this machine.
        env.put(
            "SOLID_MESSAGING_PUBLIC_BASE_URL", "http://localhost:" + options.port(Service.GATEWAY));
        // Asked for contacts its projection has not received yet (with the caller's token).
        env.put("SOLID_MESSAGING_CRM_BASE_URL", "http://127.0.0.1:" + options.port(Service.CRM));
      }
      case PAYMENTS -> {
        // Signs the anti-forgery token of the hosted checkout forms.
        env.put(
            "SOLID_PAYMENTS_CHECKOUT_SECRET",
            SecretKeys.ensure(options.dataDirectory().resolve("keys/payments-checkout.key")));
        // Payment links' URLs are the gateway's on this machine.
        env.put(
            "SOLID_PAYMENTS_PUBLIC_BASE_URL", "http://localhost:" + options.port(Service.GATEWAY));
        // Asked whether the contact of an order, invoice or subscription exists (as the caller).
        env.put("SOLID_PAYMENTS_CRM_BASE_URL", "http://127.0.0.1:" + options.port(Service.CRM));
      }
      case MCP -> {
        // The tools call the public API through the gateway, as the caller (never a service's DB).
        env.put("SOLID_MCP_GATEWAY_URL", "http://127.0.0.1:" + options.port(Service.GATEWAY));
      }
      case GATEWAY -> {
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", fileUrl(keys.privateKey()));
        for (Service backend : Service.backends()) {
          backend
              .gatewayUpstreamVariable()
              .ifPresent(name -> env.put(name, "http://127.0.0.1:" + options.port(backend)));
        }
      }
      default -> {
        // The common settings are all it needs.
      }
    }
    return env;
  }

  private static String fileUrl(Path file) {
    // "file:" + absolute path, the form SmallRye JWT's key locations take.
    return "file:" + file.toAbsolutePath();
  }
}
