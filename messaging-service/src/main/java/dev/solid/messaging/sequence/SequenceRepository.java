package dev.solid.messaging.sequence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** Sequences and enrollments, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class SequenceRepository {
  private static final TypeReference<List<StepRequest>> STEPS = new TypeReference<>() {};
  static final String SEQ = "id, company_id, livemode, name, stop_on_reply, steps, created_at";
  static final String ENR =
      "id, company_id, livemode, sequence_id, contact_id, status, next_step, next_step_at,"
          + " remaining_ms, stop_reason, created_at";
  private final ObjectMapper json;

  public SequenceRepository(ObjectMapper json) {
    this.json = json;
  }

  public Uni<SequenceResponse> insert(
      SqlClient db, Tenant tenant, String name, boolean stopOnReply, List<StepRequest> steps) {
    return TenantSql.first(
        db,
        tenant,
        this::sequence,
        "INSERT INTO messaging.sequences (company_id, livemode, name, stop_on_reply, steps)"
            + " VALUES ($1, $2, $3, $4, $5) RETURNING "
            + SEQ,
        name,
        stopOnReply,
        steps(steps));
  }

  public Uni<SequenceResponse> update(
      SqlClient db,
      Tenant tenant,
      long id,
      String name,
      boolean stopOnReply,
      List<StepRequest> steps) {
    return TenantSql.first(
        db,
        tenant,
        this::sequence,
        "UPDATE messaging.sequences SET name = $4, stop_on_reply = $5, steps = $6, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + SEQ,
        id,
        name,
        stopOnReply,
        steps(steps));
  }

  public Uni<SequenceResponse> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        this::sequence,
        "SELECT "
            + SEQ
            + " FROM messaging.sequences WHERE company_id = $1 AND livemode = $2 AND id = $3",
        id);
  }

  public Uni<List<SequenceResponse>> list(SqlClient db, Tenant tenant, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        this::sequence,
        "SELECT "
            + SEQ
            + " FROM messaging.sequences WHERE company_id = $1 AND livemode = $2"
            + " ORDER BY id LIMIT $3 OFFSET $4",
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(
      SqlClient db, Tenant tenant, String table, String extra, Object... params) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM messaging."
            + table
            + " WHERE company_id = $1 AND livemode = $2"
            + extra,
        params);
  }

  public Uni<Boolean> delete(SqlClient db, Tenant tenant, long id) {
    return TenantSql.run(
            db,
            tenant,
            "DELETE FROM messaging.sequences WHERE company_id = $1 AND livemode = $2 AND id = $3",
            id)
        .map(rows -> rows.rowCount() > 0);
  }

  /** The new enrollment, or null when the contact is already enrolled in the sequence. */
  public Uni<EnrollmentResponse> enroll(
      SqlClient db, Tenant tenant, long sequenceId, long contactId, long firstDelaySeconds) {
    return TenantSql.first(
        db,
        tenant,
        SequenceRepository::enrollment,
        "INSERT INTO messaging.enrollments (company_id, livemode, sequence_id, contact_id, status,"
            + " next_step, next_step_at) VALUES ($1, $2, $3, $4, 'active', 0,"
            + " now() + make_interval(secs => $5)) ON CONFLICT (sequence_id, contact_id) DO NOTHING"
            + " RETURNING "
            + ENR,
        sequenceId,
        contactId,
        (double) firstDelaySeconds);
  }

  public Uni<EnrollmentResponse> findEnrollment(
      SqlClient db, Tenant tenant, long id, boolean forUpdate) {
    return TenantSql.first(
        db,
        tenant,
        SequenceRepository::enrollment,
        "SELECT "
            + ENR
            + " FROM messaging.enrollments WHERE company_id = $1 AND livemode = $2 AND id = $3"
            + (forUpdate ? " FOR UPDATE" : ""),
        id);
  }

  public Uni<List<EnrollmentResponse>> enrollments(
      SqlClient db, Tenant tenant, long sequenceId, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        SequenceRepository::enrollment,
        "SELECT "
            + ENR
            + " FROM messaging.enrollments WHERE company_id = $1 AND livemode = $2"
            + " AND sequence_id = $3 ORDER BY id LIMIT $4 OFFSET $5",
        sequenceId,
        page.limit(),
        page.offset());
  }

  /** Pause keeps the time left on the current step, so resume continues where it stopped. */
  public Uni<EnrollmentResponse> pause(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        SequenceRepository::enrollment,
        "UPDATE messaging.enrollments SET status = 'paused',"
            + " remaining_ms = GREATEST(0, (EXTRACT(EPOCH FROM (next_step_at - now())) * 1000)::bigint),"
            + " next_step_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 AND status = 'active' RETURNING "
            + ENR,
        id);
  }

  public Uni<EnrollmentResponse> resume(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        SequenceRepository::enrollment,
        "UPDATE messaging.enrollments SET status = 'active',"
            + " next_step_at = now() + make_interval(secs => COALESCE(remaining_ms, 0) / 1000.0),"
            + " remaining_ms = NULL, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 AND status = 'paused' RETURNING "
            + ENR,
        id);
  }

  /** Step done: on to the next one after its delay, or completed. Only by the lease holder. */
  public Uni<EnrollmentResponse> advance(
      SqlClient db, Tenant tenant, long id, String owner, Long nextDelaySeconds) {
    return TenantSql.first(
        db,
        tenant,
        SequenceRepository::enrollment,
        "UPDATE messaging.enrollments SET next_step = next_step + 1,"
            + " status = CASE WHEN $5::float8 IS NULL THEN 'completed' ELSE status END,"
            + " next_step_at = CASE WHEN $5::float8 IS NULL THEN NULL"
            + " ELSE now() + make_interval(secs => $5::float8) END,"
            + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 AND lease_owner = $4 RETURNING "
            + ENR,
        id,
        owner,
        nextDelaySeconds == null ? null : nextDelaySeconds.doubleValue());
  }

  /** Nothing left to send (the sequence was shortened): completed. Only by the lease holder. */
  public Uni<EnrollmentResponse> complete(SqlClient db, Tenant tenant, long id, String owner) {
    return TenantSql.first(
        db,
        tenant,
        SequenceRepository::enrollment,
        "UPDATE messaging.enrollments SET status = 'completed', next_step_at = NULL,"
            + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 AND lease_owner = $4"
            + " AND status = 'active' RETURNING "
            + ENR,
        id,
        owner);
  }

  /** Try the step again later (daily cap reached): the lease is released, the step kept. */
  public Uni<Void> postpone(SqlClient db, Tenant tenant, long id, String owner, OffsetDateTime at) {
    return TenantSql.run(
            db,
            tenant,
            "UPDATE messaging.enrollments SET next_step_at = $5, lease_owner = NULL, lease_until = NULL,"
                + " updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3 AND lease_owner = $4",
            id,
            owner,
            at)
        .replaceWithVoid();
  }

  public Uni<EnrollmentResponse> stop(SqlClient db, Tenant tenant, long id, String reason) {
    return TenantSql.first(
        db,
        tenant,
        SequenceRepository::enrollment,
        "UPDATE messaging.enrollments SET status = 'stopped', stop_reason = $4, next_step_at = NULL,"
            + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + ENR,
        id,
        reason);
  }

  private JsonArray steps(List<StepRequest> steps) {
    return new JsonArray(json.convertValue(steps, List.class));
  }

  SequenceResponse sequence(Row row) {
    Object raw = row.getValue("steps");
    List<StepRequest> steps =
        json.convertValue(raw instanceof JsonArray a ? a.getList() : raw, STEPS);
    return new SequenceResponse(
        row.getLong("id"),
        row.getString("name"),
        row.getBoolean("stop_on_reply"),
        steps,
        row.getBoolean("livemode"),
        row.getOffsetDateTime("created_at").toInstant());
  }

  static EnrollmentResponse enrollment(Row row) {
    OffsetDateTime next = row.getOffsetDateTime("next_step_at");
    return new EnrollmentResponse(
        row.getLong("id"),
        row.getLong("sequence_id"),
        row.getLong("contact_id"),
        row.getString("status"),
        row.getInteger("next_step"),
        next == null ? null : next.toInstant(),
        row.getString("stop_reason"),
        row.getBoolean("livemode"),
        row.getOffsetDateTime("created_at").toInstant());
  }

  static Tenant tenant(Row row) {
    return new Tenant(row.getLong("company_id"), row.getBoolean("livemode"));
  }
}
