package dev.solid.messaging.sequence;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A reply from a contact stops its enrollments in sequences that say {@code stop_on_reply} (the
 * default), in the transaction that stored or linked the reply; {@code sequence.stopped} follows,
 * carrying the enrollment as the API shows it ({@code stop_reason: "replied"}), the same shape as
 * every other sequence event so that one consumer reads them all.
 */
@ApplicationScoped
public class ReplyStopper {
  private final SequenceService sequences;

  public ReplyStopper(SequenceService sequences) {
    this.sequences = sequences;
  }

  public Uni<Void> contactReplied(SqlClient db, Tenant tenant, long contactId) {
    return TenantSql.list(
            db,
            tenant,
            SequenceRepository::enrollment,
            "UPDATE messaging.enrollments SET status = 'stopped', stop_reason = 'replied',"
                + " next_step_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = now()"
                + " WHERE company_id = $1 AND livemode = $2 AND contact_id = $3"
                + " AND status IN ('active', 'paused')"
                + " AND sequence_id IN (SELECT id FROM messaging.sequences WHERE stop_on_reply)"
                + " RETURNING "
                + SequenceRepository.ENR,
            contactId)
        .chain(
            stopped ->
                Multi.createFrom()
                    .iterable(stopped)
                    .onItem()
                    .transformToUniAndConcatenate(
                        enrollment ->
                            sequences.emit(db, tenant, EventTypes.SEQUENCE_STOPPED, enrollment))
                    .collect()
                    .last()
                    .replaceWithVoid());
  }
}
