package dev.solid.kit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.event.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends events to this service's outbox inside the caller's transaction: pass the SQL connection
 * of the transaction that makes the change (for a Hibernate Reactive session, see {@link
 * SessionOutbox}). Never publish to Kafka directly: the relay does, after commit.
 */
@ApplicationScoped
public class OutboxWriter {
  private final ObjectMapper mapper;
  private final OutboxConfig config;

  public OutboxWriter(ObjectMapper mapper, OutboxConfig config) {
    this.mapper = mapper;
    this.config = config;
  }

  /** Within a transaction of the reactive SQL client; keyed by company (per-company order). */
  public Uni<Void> append(SqlClient transaction, String topic, EventEnvelope event) {
    return append(transaction, topic, recordKey(event), event);
  }

  /**
   * Within a transaction of the reactive SQL client, with another Kafka record key: for records
   * that need no per-company order (internal commands), so they spread over partitions.
   */
  public Uni<Void> append(SqlClient transaction, String topic, String key, EventEnvelope event) {
    return transaction
        .preparedQuery(
            "INSERT INTO "
                + config.table()
                + " (event_id, topic, record_key, payload) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(event.id(), topic, key, payload(event)))
        .replaceWithVoid();
  }

  String table() {
    return config.table();
  }

  /** Kafka record key: the company, so one company's events stay in order. */
  static String recordKey(EventEnvelope event) {
    return Long.toString(event.companyId());
  }

  String payload(EventEnvelope event) {
    try {
      return mapper.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Event " + event.id() + " cannot be serialised", e);
    }
  }
}
