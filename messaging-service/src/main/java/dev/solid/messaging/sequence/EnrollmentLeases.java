package dev.solid.messaging.sequence;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The scheduler's leases on enrollments (lease_owner, lease_until): which instance may send an
 * enrollment's due step. The claim spans companies (one scheduler serves them all); the check of a
 * held lease is tenant-scoped like every other read of an enrollment.
 */
@ApplicationScoped
public class EnrollmentLeases {

  /** An enrollment claimed by a scheduler instance, with the tenant its step runs as. */
  public record Claimed(long id, Tenant tenant) {}

  /**
   * Leases up to {@code limit} due active enrollments to {@code owner} for {@code lease}. {@code
   * FOR UPDATE SKIP LOCKED}: two instances never claim the same row and neither waits on the other;
   * a row whose lease has not expired is left to its holder.
   */
  public Uni<List<Claimed>> claimDue(SqlClient db, String owner, Duration lease, int limit) {
    return TenantSql.crossTenant(
            db,
            "the scheduler serves every company; each claimed step then runs tenant-scoped",
            "UPDATE messaging.enrollments SET lease_owner = $1,"
                + " lease_until = now() + make_interval(secs => $2) WHERE id IN ("
                + " SELECT id FROM messaging.enrollments WHERE status = 'active'"
                + " AND next_step_at <= now() AND (lease_until IS NULL OR lease_until < now())"
                + " ORDER BY next_step_at LIMIT $3 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, company_id, livemode",
            owner,
            (double) lease.toMillis() / 1000,
            limit)
        .map(
            rows ->
                TenantSql.all(
                    rows, row -> new Claimed(row.getLong("id"), SequenceRepository.tenant(row))));
  }

  /**
   * Whether {@code owner} still holds the enrollment's lease (it may have expired and moved on).
   */
  public Uni<Boolean> holds(SqlClient db, Tenant tenant, long enrollmentId, String owner) {
    return TenantSql.first(
            db,
            tenant,
            row -> row.getString(0),
            "SELECT lease_owner FROM messaging.enrollments"
                + " WHERE company_id = $1 AND livemode = $2 AND id = $3",
            enrollmentId)
        .map(owner::equals);
  }
}
