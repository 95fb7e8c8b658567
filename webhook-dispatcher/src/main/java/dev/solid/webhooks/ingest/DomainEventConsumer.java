package dev.solid.webhooks.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.webhooks.delivery.DeliveryDispatcher;
import dev.solid.webhooks.delivery.DeliveryRepository;
import dev.solid.webhooks.delivery.RetryPolicy;
import dev.solid.webhooks.delivery.WebhookPayload;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes every domain topic in batches (channel {@code domain-events}; topics in {@code
 * mp.messaging.incoming.domain-events.topics}) and turns each event into deliveries. The record is
 * acknowledged, and so its offset committed, only after the deliveries are in PostgreSQL; a
 * database outage stalls consumption (retried with backoff) instead of losing events. A record seen
 * twice adds nothing (unique event id per endpoint). A record that is not an event envelope is
 * logged and skipped: it can never succeed.
 */
@ApplicationScoped
public class DomainEventConsumer {
  private static final Logger LOG = Logger.getLogger(DomainEventConsumer.class);

  private final DeliveryRepository deliveries;
  private final DeliveryDispatcher dispatcher;
  private final RetryPolicy retries;
  private final ObjectMapper json;

  public DomainEventConsumer(
      DeliveryRepository deliveries,
      DeliveryDispatcher dispatcher,
      RetryPolicy retries,
      ObjectMapper json) {
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.retries = retries;
    this.json = json;
  }

  /**
   * One poll's records at a time (batch consumption): they are recorded in one statement and the
   * batch is acknowledged after it, which commits every record's offset. A redelivered batch, or
   * the same event twice in one batch, adds nothing.
   */
  @Incoming("domain-events")
  public Uni<Void> consume(Message<List<String>> batch) {
    Map<String, DeliveryRepository.NewEvent> events = new LinkedHashMap<>();
    for (String value : batch.getPayload()) {
      JsonNode envelope = parse(value);
      if (envelope == null) {
        continue;
      }
      String id = envelope.get("id").asText();
      events.putIfAbsent(
          id,
          new DeliveryRepository.NewEvent(
              new Tenant(envelope.get("company_id").asLong(), envelope.get("livemode").asBoolean()),
              id,
              envelope.get("event").asText(),
              WebhookPayload.of(json, envelope)));
    }
    if (events.isEmpty()) {
      return Uni.createFrom().completionStage(batch.ack());
    }
    return deliveries
        .fanOutAll(List.copyOf(events.values()), retries.maxAttempts(), retries.firstDelay())
        .onFailure()
        .invoke(e -> LOG.warnf("Recording deliveries failed, will retry: %s", e.getMessage()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
        .indefinitely()
        .invoke(
            created -> {
              if (created > 0) {
                dispatcher.wake();
              }
            })
        .chain(() -> Uni.createFrom().completionStage(batch.ack()));
  }

  private JsonNode parse(String value) {
    try {
      JsonNode node = value == null ? null : json.readTree(value);
      if (node != null
          && node.hasNonNull("id")
          && node.hasNonNull("event")
          && node.hasNonNull("created_at")
          && node.path("company_id").canConvertToLong()
          && node.path("livemode").isBoolean()) {
        return node;
      }
    } catch (Exception e) {
      // fall through
    }
    LOG.warnf("Skipping a record that is not an event envelope");
    return null;
  }
}
