package dev.solid.payments.subscription;

import static dev.solid.payments.db.Times.instant;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Plans, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class PlanRepository {
  private static final String COLUMNS =
      "id, company_id, livemode, name, amount, currency, interval, trial_days, active, created_at,"
          + " updated_at";

  public Uni<Plan> insert(
      SqlClient db,
      Tenant tenant,
      String name,
      long amount,
      String currency,
      String interval,
      Integer trialDays) {
    return TenantSql.first(
        db,
        tenant,
        PlanRepository::map,
        "INSERT INTO payments.plans (company_id, livemode, name, amount, currency, interval,"
            + " trial_days) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "
            + COLUMNS,
        name,
        amount,
        currency,
        interval,
        trialDays);
  }

  public Uni<Plan> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        PlanRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.plans WHERE company_id = $1 AND livemode = $2"
            + " AND id = $3",
        id);
  }

  public Uni<List<Plan>> list(SqlClient db, Tenant tenant, Boolean active, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        PlanRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.plans WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::boolean IS NULL OR active = $3) ORDER BY id DESC LIMIT $4 OFFSET $5",
        active,
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant, Boolean active) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.plans WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::boolean IS NULL OR active = $3)",
        active);
  }

  public Uni<Plan> update(SqlClient db, Tenant tenant, long id, String name, Boolean active) {
    return TenantSql.first(
        db,
        tenant,
        PlanRepository::map,
        "UPDATE payments.plans SET name = coalesce($4, name), active = coalesce($5, active),"
            + " updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        id,
        name,
        active);
  }

  static Plan map(Row row) {
    return new Plan(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getString("name"),
        row.getLong("amount"),
        row.getString("currency"),
        row.getString("interval"),
        row.getInteger("trial_days"),
        row.getBoolean("active"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }
}
