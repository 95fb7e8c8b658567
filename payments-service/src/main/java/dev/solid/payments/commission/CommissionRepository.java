package dev.solid.payments.commission;

import static dev.solid.payments.db.Times.instant;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Commission plans and commissions, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class CommissionRepository {
  private static final String PLAN_COLUMNS =
      "id, company_id, livemode, sales_rep, rate_bps, basis, created_at, updated_at";
  private static final String COLUMNS =
      "id, company_id, livemode, sales_rep, source_type, source_id, basis_amount, rate_bps,"
          + " amount, amount_reversed, currency, status, created_at, updated_at, approved_at,"
          + " paid_at";

  public Uni<CommissionPlan> upsertPlan(
      SqlClient db, Tenant tenant, String salesRep, int rateBps, String basis) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::plan,
        "INSERT INTO payments.commission_plans (company_id, livemode, sales_rep, rate_bps, basis)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (company_id, livemode, sales_rep)"
            + " DO UPDATE SET rate_bps = EXCLUDED.rate_bps, basis = EXCLUDED.basis,"
            + " updated_at = now() RETURNING "
            + PLAN_COLUMNS,
        salesRep,
        rateBps,
        basis);
  }

  public Uni<CommissionPlan> planOf(SqlClient db, Tenant tenant, String salesRep) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::plan,
        "SELECT "
            + PLAN_COLUMNS
            + " FROM payments.commission_plans WHERE company_id = $1"
            + " AND livemode = $2 AND sales_rep = $3",
        salesRep);
  }

  public Uni<CommissionPlan> findPlan(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::plan,
        "SELECT "
            + PLAN_COLUMNS
            + " FROM payments.commission_plans WHERE company_id = $1"
            + " AND livemode = $2 AND id = $3",
        id);
  }

  public Uni<List<CommissionPlan>> plans(SqlClient db, Tenant tenant, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        CommissionRepository::plan,
        "SELECT "
            + PLAN_COLUMNS
            + " FROM payments.commission_plans WHERE company_id = $1"
            + " AND livemode = $2 ORDER BY id LIMIT $3 OFFSET $4",
        page.limit(),
        page.offset());
  }

  public Uni<Long> countPlans(SqlClient db, Tenant tenant) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.commission_plans WHERE company_id = $1 AND livemode = $2");
  }

  public Uni<Boolean> deletePlan(SqlClient db, Tenant tenant, long id) {
    return TenantSql.run(
            db,
            tenant,
            "DELETE FROM payments.commission_plans WHERE company_id = $1 AND livemode = $2"
                + " AND id = $3",
            id)
        .map(rows -> rows.rowCount() > 0);
  }

  /** The source's commission; null when the source was paid already (one per source). */
  public Uni<Commission> insert(
      SqlClient db,
      Tenant tenant,
      String salesRep,
      String sourceType,
      long sourceId,
      long basisAmount,
      int rateBps,
      long amount,
      String currency) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::commission,
        "INSERT INTO payments.commissions (company_id, livemode, sales_rep, source_type,"
            + " source_id, basis_amount, rate_bps, amount, currency, status)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending')"
            + " ON CONFLICT (company_id, livemode, source_type, source_id) DO NOTHING RETURNING "
            + COLUMNS,
        salesRep,
        sourceType,
        sourceId,
        basisAmount,
        rateBps,
        amount,
        currency);
  }

  public Uni<Commission> ofSource(SqlClient db, Tenant tenant, String sourceType, long sourceId) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::commission,
        "SELECT "
            + COLUMNS
            + " FROM payments.commissions WHERE company_id = $1"
            + " AND livemode = $2 AND source_type = $3 AND source_id = $4 FOR UPDATE",
        sourceType,
        sourceId);
  }

  public Uni<Commission> setReversed(SqlClient db, Tenant tenant, long id, long amountReversed) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::commission,
        "UPDATE payments.commissions SET amount_reversed = $4, status = CASE WHEN $4 >= amount"
            + " THEN 'reversed' ELSE status END, updated_at = now() WHERE company_id = $1"
            + " AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        id,
        amountReversed);
  }

  public Uni<Commission> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::commission,
        "SELECT "
            + COLUMNS
            + " FROM payments.commissions WHERE company_id = $1"
            + " AND livemode = $2 AND id = $3",
        id);
  }

  /** Moves the commission from {@code from} to {@code to}; null when it was not in {@code from}. */
  public Uni<Commission> transition(
      SqlClient db, Tenant tenant, long id, String from, String to, String stampColumn) {
    return TenantSql.first(
        db,
        tenant,
        CommissionRepository::commission,
        "UPDATE payments.commissions SET status = $5, "
            + stampColumn
            + " = now(), updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3"
            + " AND status = $4 RETURNING "
            + COLUMNS,
        id,
        from,
        to);
  }

  public Uni<List<Commission>> list(
      SqlClient db, Tenant tenant, String salesRep, String status, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        CommissionRepository::commission,
        "SELECT "
            + COLUMNS
            + " FROM payments.commissions WHERE company_id = $1"
            + " AND livemode = $2 AND ($3::text IS NULL OR sales_rep = $3)"
            + " AND ($4::text IS NULL OR status = $4) ORDER BY id DESC LIMIT $5 OFFSET $6",
        salesRep,
        status,
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant, String salesRep, String status) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.commissions WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::text IS NULL OR sales_rep = $3) AND ($4::text IS NULL OR status = $4)",
        salesRep,
        status);
  }

  static CommissionPlan plan(Row row) {
    return new CommissionPlan(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getString("sales_rep"),
        row.getInteger("rate_bps"),
        row.getString("basis"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }

  static Commission commission(Row row) {
    return new Commission(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getString("sales_rep"),
        row.getString("source_type"),
        row.getLong("source_id"),
        row.getLong("basis_amount"),
        row.getInteger("rate_bps"),
        row.getLong("amount"),
        row.getLong("amount_reversed"),
        row.getString("currency"),
        row.getString("status"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")),
        instant(row.getOffsetDateTime("approved_at")),
        instant(row.getOffsetDateTime("paid_at")));
  }
}
