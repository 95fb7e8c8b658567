package dev.solid.payments.subscription;

import static dev.solid.payments.db.Times.instant;
import static dev.solid.payments.db.Times.utc;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test clocks, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class TestClockRepository {
  private static final String COLUMNS =
      "id, company_id, livemode, name, frozen_time, advancing_to, status, created_at";

  public Uni<TestClock> insert(SqlClient db, Tenant tenant, String name, Instant frozen) {
    return TenantSql.first(
        db,
        tenant,
        TestClockRepository::map,
        "INSERT INTO payments.test_clocks (company_id, livemode, name, frozen_time, status)"
            + " VALUES ($1, $2, $3, $4, 'ready') RETURNING "
            + COLUMNS,
        name,
        utc(frozen));
  }

  public Uni<TestClock> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        TestClockRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.test_clocks WHERE company_id = $1"
            + " AND livemode = $2 AND id = $3",
        id);
  }

  public Uni<TestClock> lock(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        TestClockRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.test_clocks WHERE company_id = $1"
            + " AND livemode = $2 AND id = $3 FOR UPDATE",
        id);
  }

  public Uni<List<TestClock>> list(SqlClient db, Tenant tenant, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        TestClockRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.test_clocks WHERE company_id = $1"
            + " AND livemode = $2 ORDER BY id DESC LIMIT $3 OFFSET $4",
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.test_clocks WHERE company_id = $1 AND livemode = $2");
  }

  /** Starts an advance to {@code to}: the clock is {@code advancing} until the worker is done. */
  public Uni<TestClock> startAdvance(SqlClient db, Tenant tenant, long id, Instant to) {
    return TenantSql.first(
        db,
        tenant,
        TestClockRepository::map,
        "UPDATE payments.test_clocks SET status = 'advancing', advancing_to = $4,"
            + " lease_until = NULL, updated_at = now() WHERE company_id = $1 AND livemode = $2"
            + " AND id = $3 AND status = 'ready' RETURNING "
            + COLUMNS,
        id,
        utc(to));
  }

  /**
   * Takes the advance of this clock for {@code lease}: null when another worker holds it or the
   * clock is not advancing. The holder renews the lease at every step ({@link #moveTo}).
   */
  public Uni<TestClock> claim(SqlClient db, Tenant tenant, long id, Duration lease) {
    return TenantSql.first(
        db,
        tenant,
        TestClockRepository::map,
        "UPDATE payments.test_clocks SET lease_until = now() + make_interval(secs => $4),"
            + " updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3"
            + " AND status = 'advancing' AND (lease_until IS NULL OR lease_until < now())"
            + " RETURNING "
            + COLUMNS,
        id,
        (double) lease.toMillis() / 1000.0);
  }

  /** Moves the clock's time forward to {@code at} (a transition's time, during an advance). */
  public Uni<Void> moveTo(SqlClient db, Tenant tenant, long id, Instant at) {
    return TenantSql.run(
            db,
            tenant,
            "UPDATE payments.test_clocks SET frozen_time = greatest(frozen_time, $4),"
                + " lease_until = now() + interval '60 seconds', updated_at = now()"
                + " WHERE company_id = $1 AND livemode = $2 AND id = $3",
            id,
            utc(at))
        .replaceWithVoid();
  }

  /** The advance is done: the clock is at its target and ready. */
  public Uni<Void> finish(SqlClient db, Tenant tenant, long id) {
    return TenantSql.run(
            db,
            tenant,
            "UPDATE payments.test_clocks SET frozen_time = advancing_to, advancing_to = NULL,"
                + " status = 'ready', lease_until = NULL, updated_at = now()"
                + " WHERE company_id = $1 AND livemode = $2 AND id = $3 AND status = 'advancing'",
            id)
        .replaceWithVoid();
  }

  /** Clocks left advancing whose worker is gone (a restart): any replica takes them over. */
  public Uni<List<TestClock>> orphaned(SqlClient db, int limit) {
    return TenantSql.crossTenant(
            db,
            "the scheduler resumes advances of every company's clocks after a restart",
            "SELECT "
                + COLUMNS
                + " FROM payments.test_clocks WHERE status = 'advancing'"
                + " AND (lease_until IS NULL OR lease_until < now()) ORDER BY id LIMIT $1",
            limit)
        .map(rows -> TenantSql.all(rows, TestClockRepository::map));
  }

  public Uni<Boolean> delete(SqlClient db, Tenant tenant, long id) {
    return TenantSql.run(
            db,
            tenant,
            "DELETE FROM payments.test_clocks WHERE company_id = $1 AND livemode = $2 AND id = $3"
                + " AND NOT EXISTS (SELECT 1 FROM payments.subscriptions s"
                + " WHERE s.test_clock_id = $3)",
            id)
        .map(rows -> rows.rowCount() > 0);
  }

  static TestClock map(Row row) {
    return new TestClock(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getString("name"),
        instant(row.getOffsetDateTime("frozen_time")),
        instant(row.getOffsetDateTime("advancing_to")),
        row.getString("status"),
        instant(row.getOffsetDateTime("created_at")));
  }
}
