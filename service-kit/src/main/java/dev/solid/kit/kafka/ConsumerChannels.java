package dev.solid.kit.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The incoming Kafka channels whose consumers report to readiness: those configured with {@code
 * mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=solid-consumer-readiness} (see
 * {@link PartitionAssignments#NAME}), and how many consumers each consumer group runs in this
 * process ({@code partitions}, default 1, consumers per channel).
 *
 * @param consumersByGroup consumers expected per consumer group id
 */
record ConsumerChannels(Map<String, Integer> consumersByGroup) {
  private static final Pattern LISTENER =
      Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.consumer-rebalance-listener\\.name");

  ConsumerChannels {
    consumersByGroup = Map.copyOf(consumersByGroup);
  }

  /** Reads the channels from the service's configuration. */
  static ConsumerChannels from(Config config) {
    Map<String, Integer> byGroup = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      Matcher listener = LISTENER.matcher(name);
      if (!listener.matches()
          || !PartitionAssignments.NAME.equals(
              config.getOptionalValue(name, String.class).orElse(""))) {
        continue;
      }
      String channel = "mp.messaging.incoming." + listener.group(1) + ".";
      boolean kafka =
          "smallrye-kafka"
              .equals(config.getOptionalValue(channel + "connector", String.class).orElse(""));
      boolean enabled = config.getOptionalValue(channel + "enabled", Boolean.class).orElse(true);
      if (kafka && enabled) {
        int consumers = config.getOptionalValue(channel + "partitions", Integer.class).orElse(1);
        byGroup.merge(groupId(config, channel), consumers, Integer::sum);
      }
    }
    return new ConsumerChannels(byGroup);
  }

  /** The channel's group id, falling back as the Kafka connector does. */
  private static String groupId(Config config, String channel) {
    return first(
            config.getOptionalValue(channel + "group.id", String.class),
            config.getOptionalValue("mp.messaging.connector.smallrye-kafka.group.id", String.class),
            config.getOptionalValue("kafka.group.id", String.class),
            config.getOptionalValue("quarkus.application.name", String.class))
        .orElse("");
  }

  @SafeVarargs
  private static Optional<String> first(Optional<String>... candidates) {
    for (Optional<String> candidate : candidates) {
      if (candidate.isPresent()) {
        return candidate;
      }
    }
    return Optional.empty();
  }

  int expectedConsumers() {
    return consumersByGroup.values().stream().mapToInt(Integer::intValue).sum();
  }
}
