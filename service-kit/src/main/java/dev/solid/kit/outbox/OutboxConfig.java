package dev.solid.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of a service's outbox and its relay. */
@ConfigMapping(prefix = "solid.outbox")
public interface OutboxConfig {

  /** Schema-qualified outbox table of this service, e.g. {@code crm.outbox}. */
  String table();

  /** Whether this instance runs a relay (at most one replica publishes at a time anyway). */
  @WithDefault("true")
  boolean relayEnabled();

  /**
   * How often the relay looks for rows even without a notification: the safety net for a missed
   * NOTIFY and the retry pace while Kafka is down. Normal latency comes from NOTIFY, not this.
   */
  @WithDefault("1s")
  Duration pollInterval();

  /** Most rows published per round trip. */
  @WithDefault("500")
  int batchSize();

  /** Published rows older than this are deleted. */
  @WithDefault("7d")
  Duration retention();
}
