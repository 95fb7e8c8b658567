package dev.solid.kit.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts this service's outbox relay with the application and stops it on shutdown. The relay's
 * producer takes the service's Kafka configuration from Quarkus ({@code kafka.*}, the map SmallRye
 * exposes as {@code default-kafka-broker}), so TLS and SASL settings reach it like every consumer.
 */
@ApplicationScoped
public class OutboxRelayLauncher {
  private final OutboxConfig config;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Map<String, Object> kafka;
  // The one running relay, set on start and cleared on stop.
  private final AtomicReference<OutboxRelay> relay = new AtomicReference<>();

  public OutboxRelayLauncher(
      OutboxConfig config,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") String password,
      @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this.config = config;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.kafka = kafka;
  }

  void start(@Observes StartupEvent event) {
    if (config.relayEnabled()) {
      relay.set(
          OutboxRelay.start(
              new OutboxRelay.Settings(
                  jdbcUrl,
                  user,
                  password,
                  config.table(),
                  kafka,
                  config.pollInterval(),
                  config.batchSize(),
                  config.retention())));
    }
  }

  void stop(@Observes ShutdownEvent event) {
    OutboxRelay running = relay.getAndSet(null);
    if (running != null) {
      running.close();
    }
  }
}
