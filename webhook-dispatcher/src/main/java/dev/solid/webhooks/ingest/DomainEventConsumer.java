package dev.solid.webhooks.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.webhooks.delivery.DeliveryDispatcher;
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
 * mp.messaging.incoming.domain-events.topics}) as typed {@link EventEnvelope}s (the kit's {@code
 * EventEnvelopeDeserializer}) and turns each event into deliveries. The batch is acknowledged, and
 * so its offsets committed, only after the deliveries are in PostgreSQL.
 *
 * <p>Why not the kit's {@code EventConsumption}: its dedupe table is not needed here, since the
 * deliveries' unique (event_id, endpoint_id) already makes a redelivered record add nothing, in the
 * same statement that records it. And its retries give up after a few attempts and skip the event,
 * which suits a poison event but not this consumer, whose only failure is PostgreSQL being
 * unreachable: it retries indefinitely (consumption stalls, nothing is lost) until the database is
 * back.
 */
@ApplicationScoped
public class DomainEventConsumer {
  private static final Logger LOG = Logger.getLogger(DomainEventConsumer.class);

  private final DeliveryFanOut fanOut;
  private final DeliveryDispatcher dispatcher;
  private final RetryPolicy retries;
  private final ObjectMapper json;

  public DomainEventConsumer(
      DeliveryFanOut fanOut,
      DeliveryDispatcher dispatcher,
      RetryPolicy retries,
      ObjectMapper json) {
    this.fanOut = fanOut;
    this.dispatcher = dispatcher;
    this.retries = retries;
    this.json = json;
  }

  /**
   * One poll's records at a time (batch consumption): they are recorded in one statement and the
   * batch is acknowledged after it, which commits every record's offset. A null entry is a record
   * that was not an event envelope (the deserializer logged it): it can never succeed and is
   * skipped. The same event twice in one batch is recorded once.
   */
  @Incoming("domain-events")
  public Uni<Void> consume(Message<List<EventEnvelope>> batch) {
    Map<String, DeliveryFanOut.NewEvent> events = new LinkedHashMap<>();
    for (EventEnvelope event : batch.getPayload()) {
      if (event == null) {
        continue;
      }
      events.putIfAbsent(
          event.id(),
          new DeliveryFanOut.NewEvent(
              new Tenant(event.companyId(), event.livemode()),
              event.id(),
              event.event(),
              WebhookPayload.of(json, event)));
    }
    if (events.isEmpty()) {
      return Uni.createFrom().completionStage(batch.ack());
    }
    return fanOut
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
}
