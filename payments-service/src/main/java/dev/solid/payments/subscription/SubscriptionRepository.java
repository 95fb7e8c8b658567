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
import java.time.Instant;
import java.util.List;

/** Subscriptions, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class SubscriptionRepository {
  static final String COLUMNS =
      "id, company_id, livemode, contact_id, plan_id, status, payment_method, test_clock_id,"
          + " billing_cycle_anchor, current_period_start, current_period_end, trial_start,"
          + " trial_end, trial_will_end_sent, cancel_at_period_end, canceled_at, ended_at,"
          + " dunning_final_status, dunning_attempts, dunning_started_at, latest_invoice_id,"
          + " step_at, next_action_at, started_at, created_at, updated_at";

  public Uni<Subscription> insert(SqlClient db, Tenant tenant, Subscription s) {
    return TenantSql.first(
        db,
        tenant,
        SubscriptionRepository::map,
        "INSERT INTO payments.subscriptions (company_id, livemode, contact_id, plan_id, status,"
            + " payment_method, test_clock_id, billing_cycle_anchor, current_period_start,"
            + " current_period_end, trial_start, trial_end, dunning_final_status,"
            + " next_action_at, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
            + " $11, $12, $13, $14, $15) RETURNING "
            + COLUMNS,
        s.contactId(),
        s.planId(),
        s.status(),
        s.paymentMethod(),
        s.testClockId(),
        utc(s.billingCycleAnchor()),
        utc(s.currentPeriodStart()),
        utc(s.currentPeriodEnd()),
        utc(s.trialStart()),
        utc(s.trialEnd()),
        s.dunningFinalStatus(),
        utc(s.nextActionAt()),
        utc(s.startedAt()));
  }

  /** Writes every mutable field of {@code s} back (the row is locked by the caller). */
  public Uni<Subscription> save(SqlClient db, Tenant tenant, Subscription s) {
    return TenantSql.first(
        db,
        tenant,
        SubscriptionRepository::map,
        "UPDATE payments.subscriptions SET plan_id = $4, status = $5, payment_method = $6,"
            + " billing_cycle_anchor = $7, current_period_start = $8, current_period_end = $9,"
            + " trial_end = $10, trial_will_end_sent = $11, cancel_at_period_end = $12,"
            + " canceled_at = $13, ended_at = $14, dunning_attempts = $15,"
            + " dunning_started_at = $16, latest_invoice_id = $17, step_at = $18,"
            + " next_action_at = $19, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 RETURNING "
            + COLUMNS,
        s.id(),
        s.planId(),
        s.status(),
        s.paymentMethod(),
        utc(s.billingCycleAnchor()),
        utc(s.currentPeriodStart()),
        utc(s.currentPeriodEnd()),
        utc(s.trialEnd()),
        s.trialWillEndSent(),
        s.cancelAtPeriodEnd(),
        utc(s.canceledAt()),
        utc(s.endedAt()),
        s.dunningAttempts(),
        utc(s.dunningStartedAt()),
        s.latestInvoiceId(),
        utc(s.stepAt()),
        utc(s.nextActionAt()));
  }

  public Uni<Subscription> find(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        SubscriptionRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.subscriptions WHERE company_id = $1"
            + " AND livemode = $2 AND id = $3",
        id);
  }

  public Uni<Subscription> lock(SqlClient db, Tenant tenant, long id) {
    return TenantSql.first(
        db,
        tenant,
        SubscriptionRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.subscriptions WHERE company_id = $1"
            + " AND livemode = $2 AND id = $3 FOR UPDATE",
        id);
  }

  public Uni<List<Subscription>> list(
      SqlClient db, Tenant tenant, String status, Long contactId, Long planId, PageRequest page) {
    return TenantSql.list(
        db,
        tenant,
        SubscriptionRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.subscriptions WHERE company_id = $1"
            + " AND livemode = $2 AND ($3::text IS NULL OR status = $3)"
            + " AND ($4::bigint IS NULL OR contact_id = $4) AND ($5::bigint IS NULL OR"
            + " plan_id = $5) ORDER BY id DESC LIMIT $6 OFFSET $7",
        status,
        contactId,
        planId,
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant, String status, Long contactId, Long planId) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM payments.subscriptions WHERE company_id = $1 AND livemode = $2"
            + " AND ($3::text IS NULL OR status = $3) AND ($4::bigint IS NULL OR contact_id = $4)"
            + " AND ($5::bigint IS NULL OR plan_id = $5)",
        status,
        contactId,
        planId);
  }

  /**
   * Claims up to {@code limit} real-time subscriptions whose next transition is due, locked (skip
   * those another replica holds) until the caller's transaction ends.
   */
  public Uni<List<Subscription>> claimDue(SqlClient tx, Instant now, int limit) {
    return TenantSql.crossTenant(
            tx,
            "the scheduler bills due subscriptions of every company",
            "SELECT "
                + COLUMNS
                + " FROM payments.subscriptions WHERE test_clock_id IS NULL"
                + " AND next_action_at <= $1 ORDER BY next_action_at LIMIT $2"
                + " FOR UPDATE SKIP LOCKED",
            utc(now),
            limit)
        .map(rows -> TenantSql.all(rows, SubscriptionRepository::map));
  }

  /** The clock's subscription whose transition comes first at or before {@code until}; locked. */
  public Uni<Subscription> nextOnClock(SqlClient tx, Tenant tenant, long clockId, Instant until) {
    return TenantSql.first(
        tx,
        tenant,
        SubscriptionRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.subscriptions WHERE company_id = $1"
            + " AND livemode = $2 AND test_clock_id = $3 AND next_action_at <= $4"
            + " ORDER BY next_action_at, id LIMIT 1 FOR UPDATE",
        clockId,
        utc(until));
  }

  /** The subscription whose latest invoice this is. */
  public Uni<Subscription> findByInvoice(SqlClient db, Tenant tenant, long invoiceId) {
    return TenantSql.first(
        db,
        tenant,
        SubscriptionRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM payments.subscriptions WHERE company_id = $1"
            + " AND livemode = $2 AND latest_invoice_id = $3",
        invoiceId);
  }

  static Subscription map(Row row) {
    return new Subscription(
        row.getLong("id"),
        row.getLong("company_id"),
        row.getBoolean("livemode"),
        row.getLong("contact_id"),
        row.getLong("plan_id"),
        row.getString("status"),
        row.getString("payment_method"),
        row.getLong("test_clock_id"),
        instant(row.getOffsetDateTime("billing_cycle_anchor")),
        instant(row.getOffsetDateTime("current_period_start")),
        instant(row.getOffsetDateTime("current_period_end")),
        instant(row.getOffsetDateTime("trial_start")),
        instant(row.getOffsetDateTime("trial_end")),
        row.getBoolean("trial_will_end_sent"),
        row.getBoolean("cancel_at_period_end"),
        instant(row.getOffsetDateTime("canceled_at")),
        instant(row.getOffsetDateTime("ended_at")),
        row.getString("dunning_final_status"),
        row.getInteger("dunning_attempts"),
        instant(row.getOffsetDateTime("dunning_started_at")),
        row.getLong("latest_invoice_id"),
        instant(row.getOffsetDateTime("step_at")),
        instant(row.getOffsetDateTime("next_action_at")),
        instant(row.getOffsetDateTime("started_at")),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }
}
