package dev.solid.messaging.sequence;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.messaging.message.MessageEvents;
import dev.solid.messaging.tenant.TenantSql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reply from a contact stops its enrollments in sequences that say {@code stop_on_reply} (the
 * default), in the transaction that stored or linked the reply; {@code sequence.stopped} follows.
 */
@ApplicationScoped
public class ReplyStopper {
  private final MessageEvents events;

  public ReplyStopper(MessageEvents events) {
    this.events = events;
  }

  public Uni<Void> contactReplied(SqlClient db, Tenant tenant, long contactId) {
    return TenantSql.list(
            db,
            tenant,
            row -> List.of(row.getLong("id"), row.getLong("sequence_id")),
            "UPDATE messaging.enrollments SET status = 'stopped', stop_reason = 'replied',"
                + " next_step_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = now()"
                + " WHERE company_id = $1 AND livemode = $2 AND contact_id = $3"
                + " AND status IN ('active', 'paused')"
                + " AND sequence_id IN (SELECT id FROM messaging.sequences WHERE stop_on_reply)"
                + " RETURNING id, sequence_id",
            contactId)
        .chain(
            stopped ->
                Multi.createFrom()
                    .iterable(stopped)
                    .onItem()
                    .transformToUniAndConcatenate(
                        ids -> {
                          Map<String, Object> data = new LinkedHashMap<>();
                          data.put("enrollment_id", ids.get(0));
                          data.put("sequence_id", ids.get(1));
                          data.put("contact_id", contactId);
                          data.put("status", "stopped");
                          data.put("reason", "replied");
                          return events.emit(db, tenant, EventTypes.SEQUENCE_STOPPED, data);
                        })
                    .collect()
                    .last()
                    .replaceWithVoid());
  }
}
