package dev.solid.messaging.contact;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Event ids a consumer has applied: consumers are idempotent by event id. */
@ApplicationScoped
public class ProcessedEvents {

  /**
   * Records the event in the consumer's transaction; false when it was already applied (the caller
   * then does nothing). Not tenant data: event ids are globally unique.
   */
  public Uni<Boolean> firstTime(SqlClient db, String consumer, String eventId) {
    return db.preparedQuery(
            "INSERT INTO messaging.processed_events (consumer, event_id) VALUES ($1, $2)"
                + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(consumer, eventId))
        .map(rows -> rows.rowCount() == 1);
  }
}
