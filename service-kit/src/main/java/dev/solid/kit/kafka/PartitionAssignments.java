package dev.solid.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Remembers which of this service's Kafka consumers their group has given an assignment to. Named
 * in a channel's configuration ({@code
 * mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=solid-consumer-readiness}), it
 * is told of every rebalance of that channel's consumers; {@link KafkaConsumersReadiness} reads it.
 *
 * <p>The first assignment is what counts: until a consumer has one, its group has not let it in
 * (with the classic protocol a joining member waits until every member the coordinator knows has
 * rejoined or timed out), and events published now would wait. An empty assignment counts too: a
 * group with more consumers than partitions leaves some idle, and they must not keep their service
 * out of the load balancer for good. Later rebalances are routine and end by themselves, so they do
 * not make the service unready.
 *
 * <p>The one piece of mutable state here is this record of consumers, written by the consumers'
 * polling threads and read by health checks, hence concurrent.
 */
@ApplicationScoped
@Identifier(PartitionAssignments.NAME)
public class PartitionAssignments implements KafkaConsumerRebalanceListener {
  /** The name channels give in {@code consumer-rebalance-listener.name}. */
  public static final String NAME = "solid-consumer-readiness";

  // Consumers (by identity: a KafkaConsumer does not override equals) per consumer group id.
  private final Map<String, Set<Consumer<?, ?>>> assigned = new ConcurrentHashMap<>();

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    assigned
        .computeIfAbsent(consumer.groupMetadata().groupId(), group -> ConcurrentHashMap.newKeySet())
        .add(consumer);
  }

  /** How many consumers of each group have had an assignment. */
  Map<String, Integer> assignedByGroup() {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    assigned.forEach((group, consumers) -> counts.put(group, consumers.size()));
    return Collections.unmodifiableMap(counts);
  }
}
