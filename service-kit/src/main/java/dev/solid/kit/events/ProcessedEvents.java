package dev.solid.kit.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Event ids a consumer has applied, recorded in the consumer's own transaction: a redelivered event
 * finds its id and changes nothing. Not tenant data (event ids are globally unique), so these
 * statements carry no tenant condition. Services on Hibernate Reactive go through {@link
 * SessionEventConsumption}, which keeps Hibernate classes out of this bean.
 */
@ApplicationScoped
public class ProcessedEvents {
  private final EventsConfig config;

  public ProcessedEvents(EventsConfig config) {
    this.config = config;
  }

  /** Records the event on the reactive SQL client; false when it was already applied. */
  public Uni<Boolean> firstTime(SqlClient transaction, String consumer, String eventId) {
    return transaction
        .preparedQuery(insert("$1", "$2"))
        .execute(Tuple.of(consumer, eventId))
        .map(rows -> rows.rowCount() == 1);
  }

  String table() {
    return config
        .processedTable()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "solid.events.processed-table is not set: this service does not consume"
                        + " events"));
  }

  String insert(String consumer, String event) {
    return "INSERT INTO "
        + table()
        + " (consumer, event_id) VALUES ("
        + consumer
        + ", "
        + event
        + ") ON CONFLICT DO NOTHING";
  }
}
