package dev.solid.messaging.broadcast;

import dev.solid.common.caller.RequestIds;
import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** Bulk jobs, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class JobRepository {
  private static final String COLUMNS =
      "id, company_id, livemode, kind, status, total, sent, failed, created_at, completed_at";

  /**
   * A new job of {@code total} messages, {@code failed} of which already failed before queuing
   * (skipped recipients). A job with nothing left to send is completed at once.
   */
  public Uni<JobResponse> insert(SqlClient db, Tenant tenant, String kind, int total, int failed) {
    return TenantSql.first(
        db,
        tenant,
        JobRepository::map,
        "INSERT INTO messaging.jobs (company_id, livemode, id, kind, status, total, failed,"
            + " completed_at) VALUES ($1, $2, $3, $4,"
            + " CASE WHEN $6::int >= $5::int THEN 'completed' ELSE 'running' END, $5, $6,"
            + " CASE WHEN $6::int >= $5::int THEN now() END) RETURNING "
            + COLUMNS,
        "job_" + RequestIds.ulid(),
        kind,
        total,
        failed);
  }

  public Uni<JobResponse> find(SqlClient db, Tenant tenant, String id) {
    return TenantSql.first(
        db,
        tenant,
        JobRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM messaging.jobs WHERE company_id = $1 AND livemode = $2 AND id = $3",
        id);
  }

  /**
   * Counts one finished message. The increment is one atomic update, so exactly one finisher sees
   * {@code sent + failed = total} and flips the job to completed.
   */
  public Uni<JobResponse> recordOutcome(SqlClient db, Tenant tenant, String id, boolean sent) {
    return TenantSql.first(
        db,
        tenant,
        JobRepository::map,
        "UPDATE messaging.jobs SET sent = sent + $4, failed = failed + $5,"
            + " status = CASE WHEN sent + failed + 1 >= total THEN 'completed' ELSE status END,"
            + " completed_at = CASE WHEN sent + failed + 1 >= total THEN now() ELSE NULL END"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 AND status = 'running'"
            + " RETURNING "
            + COLUMNS,
        id,
        sent ? 1 : 0,
        sent ? 0 : 1);
  }

  static JobResponse map(Row row) {
    OffsetDateTime done = row.getOffsetDateTime("completed_at");
    int total = row.getInteger("total");
    int sent = row.getInteger("sent");
    int failed = row.getInteger("failed");
    return new JobResponse(
        row.getString("id"),
        row.getString("kind"),
        row.getString("status"),
        total,
        total - sent - failed,
        sent,
        failed,
        row.getBoolean("livemode"),
        row.getOffsetDateTime("created_at").toInstant(),
        done == null ? null : done.toInstant());
  }
}
