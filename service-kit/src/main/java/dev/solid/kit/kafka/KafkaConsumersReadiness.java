package dev.solid.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN until every Kafka consumer of the channels that report here ({@link
 * ConsumerChannels}) has been given its partitions ({@link PartitionAssignments}): a service that
 * says ready consumes its events from that moment on. SmallRye's own Kafka checks only see a
 * connection to the broker, which a consumer still waiting to join its group already has.
 */
@Readiness
@ApplicationScoped
public class KafkaConsumersReadiness implements HealthCheck {
  static final String NAME = "Kafka consumers have their partitions";

  private final PartitionAssignments assignments;
  private final ConsumerChannels channels;

  @Inject
  public KafkaConsumersReadiness(
      @Identifier(PartitionAssignments.NAME) PartitionAssignments assignments, Config config) {
    this(assignments, ConsumerChannels.from(config));
  }

  KafkaConsumersReadiness(PartitionAssignments assignments, ConsumerChannels channels) {
    this.assignments = assignments;
    this.channels = channels;
  }

  @Override
  public HealthCheckResponse call() {
    Map<String, Integer> assigned = assignments.assignedByGroup();
    // The total decides (a group id the configuration does not name still counts); the groups
    // are there to tell an operator which one waits.
    int ready = assigned.values().stream().mapToInt(Integer::intValue).sum();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME).status(ready >= channels.expectedConsumers());
    channels
        .consumersByGroup()
        .forEach(
            (group, expected) ->
                response.withData(
                    group,
                    Math.min(assigned.getOrDefault(group, 0), expected)
                        + " of "
                        + expected
                        + " consumers assigned"));
    return response.build();
  }
}
