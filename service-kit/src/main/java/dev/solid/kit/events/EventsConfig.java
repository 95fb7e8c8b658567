package dev.solid.kit.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a service's consumers remember the events they applied. */
@ConfigMapping(prefix = "solid.events")
public interface EventsConfig {

  /**
   * Schema-qualified table of applied event ids ({@code <schema>.processed_events}, created by the
   * kit's migration); unset in a service that consumes no events, which turns dedupe and its
   * retention job off.
   */
  Optional<String> processedTable();

  /**
   * How long an applied event id is remembered. Must exceed the longest time a record can be
   * redelivered (the topics' retention, 7 days by default), or a very late redelivery would apply
   * twice.
   */
  @WithDefault("30d")
  Duration processedRetention();

  /** Most rows the retention job deletes per statement, so it never holds long locks. */
  @WithDefault("5000")
  int cleanupBatchSize();

  /**
   * Attempts to apply one event before it is logged and skipped (a poison event must not stall a
   * partition).
   */
  @WithDefault("5")
  int maxAttempts();

  /** First wait between attempts; doubles up to two seconds. */
  @WithDefault("100ms")
  Duration retryBackoff();
}
