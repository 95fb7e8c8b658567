package dev.solid.webhooks.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.event.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Writes the dispatcher's own events into {@code webhooks.outbox}, always on the connection of the
 * transaction that makes the change, so the event exists exactly when the change does. The outbox
 * relay publishes the rows to Kafka.
 */
@ApplicationScoped
public class OutboxWriter {
  /** Topic of the dispatcher's events. */
  public static final String TOPIC = "solid.webhooks.events.v1";

  private final ObjectMapper json;

  public OutboxWriter(ObjectMapper json) {
    this.json = json;
  }

  public Uni<EventEnvelope> write(
      SqlClient tx, long companyId, boolean livemode, String type, Map<String, Object> data) {
    EventEnvelope envelope =
        new EventEnvelope(
            EventIds.next(),
            type,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            companyId,
            livemode,
            data);
    String payload;
    try {
      payload = json.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return tx.preparedQuery(
            "INSERT INTO webhooks.outbox (id, topic, record_key, payload) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(envelope.id(), TOPIC, Long.toString(companyId), payload))
        .replaceWith(envelope);
  }
}
