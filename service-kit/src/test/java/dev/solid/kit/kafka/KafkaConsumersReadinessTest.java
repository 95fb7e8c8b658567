package dev.solid.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class KafkaConsumersReadinessTest {
  private static final String IN = "mp.messaging.incoming.";

  private final PartitionAssignments assignments = new PartitionAssignments();

  @Test
  void shouldStayDownUntilEveryConsumerOfEveryReportingChannelHasBeenAssigned() {
    KafkaConsumersReadiness readiness =
        readiness(
            Map.ofEntries(
                // Three consumers in one group, as messaging's worker runs them.
                Map.entry(IN + "outbound.connector", "smallrye-kafka"),
                Map.entry(IN + "outbound.group.id", "delivery"),
                Map.entry(IN + "outbound.partitions", "3"),
                Map.entry(
                    IN + "outbound.consumer-rebalance-listener.name", PartitionAssignments.NAME),
                Map.entry(IN + "events.connector", "smallrye-kafka"),
                Map.entry(IN + "events.group.id", "contacts"),
                Map.entry(
                    IN + "events.consumer-rebalance-listener.name", PartitionAssignments.NAME),
                // Neither counts: another listener, and a channel that is not Kafka.
                Map.entry(IN + "other.connector", "smallrye-kafka"),
                Map.entry(IN + "other.group.id", "other"),
                Map.entry(IN + "other.consumer-rebalance-listener.name", "someone-else"),
                Map.entry(IN + "memory.connector", "smallrye-in-memory"),
                Map.entry(
                    IN + "memory.consumer-rebalance-listener.name", PartitionAssignments.NAME)));
    List<Consumer<?, ?>> delivery =
        List.of(consumer("delivery"), consumer("delivery"), consumer("delivery"));
    Consumer<?, ?> contacts = consumer("contacts");

    assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assignments.onPartitionsAssigned(delivery.get(0), List.of(new TopicPartition("outbound", 0)));
    // The same consumer told twice (a second rebalance) is still one consumer.
    assignments.onPartitionsAssigned(delivery.get(0), List.of(new TopicPartition("outbound", 1)));
    assignments.onPartitionsAssigned(delivery.get(1), List.of(new TopicPartition("outbound", 1)));
    assignments.onPartitionsAssigned(contacts, List.of(new TopicPartition("events", 0)));
    HealthCheckResponse waiting = readiness.call();
    assertThat(waiting.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(waiting.getData().orElseThrow())
        .containsEntry("delivery", "2 of 3 consumers assigned")
        .containsEntry("contacts", "1 of 1 consumers assigned");

    assignments.onPartitionsAssigned(delivery.get(2), List.of(new TopicPartition("outbound", 2)));

    assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void shouldCountAnEmptyAssignmentOfAConsumerLeftIdleByItsGroup() {
    KafkaConsumersReadiness readiness =
        readiness(
            Map.of(
                IN + "events.connector", "smallrye-kafka",
                IN + "events.group.id", "contacts",
                IN + "events.consumer-rebalance-listener.name", PartitionAssignments.NAME));

    assignments.onPartitionsAssigned(consumer("contacts"), List.of());

    assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void shouldStayReadyThroughALaterRebalance() {
    KafkaConsumersReadiness readiness =
        readiness(
            Map.of(
                IN + "events.connector", "smallrye-kafka",
                IN + "events.group.id", "contacts",
                IN + "events.consumer-rebalance-listener.name", PartitionAssignments.NAME));
    Consumer<?, ?> consumer = consumer("contacts");
    List<TopicPartition> partitions = List.of(new TopicPartition("events", 0));
    assignments.onPartitionsAssigned(consumer, partitions);

    assignments.onPartitionsRevoked(consumer, partitions);

    assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void shouldBeReadyInAServiceWithoutReportingChannels() {
    assertThat(readiness(Map.of()).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  private KafkaConsumersReadiness readiness(Map<String, String> properties) {
    Config config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build();
    return new KafkaConsumersReadiness(assignments, config);
  }

  /** A consumer of {@code group}, as the connector hands it to the listener. */
  private static Consumer<?, ?> consumer(String group) {
    return new MockConsumer<String, String>("earliest") {
      @Override
      public ConsumerGroupMetadata groupMetadata() {
        return new ConsumerGroupMetadata(group);
      }
    };
  }
}
