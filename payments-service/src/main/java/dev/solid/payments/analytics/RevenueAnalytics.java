package dev.solid.payments.analytics;

import static dev.solid.payments.db.Times.instant;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Revenue per period for one company and mode, in one currency, from indexed range queries (no scan
 * of a tenant's whole history per request): gross (succeeded payments), refunds (succeeded
 * refunds), net; and, at each period's end, MRR (monthly price of the subscriptions then running, a
 * yearly plan as a twelfth), running subscriptions and those that ended in the period. Periods are
 * UTC calendar days, ISO weeks (from Monday) or months, every one present, zeros included, in
 * order: ready for a chart.
 */
@ApplicationScoped
public class RevenueAnalytics {
  private static final String REPORT =
      "WITH periods AS ("
          + " SELECT p AS start, p + ('1 ' || $3)::interval AS stop"
          + " FROM generate_series(date_trunc($3, $4::timestamptz AT TIME ZONE 'UTC'),"
          + " ($5::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond', ('1 ' || $3)::interval) p),"
          + " bounds AS (SELECT (min(start) AT TIME ZONE 'UTC') AS lo,"
          + " (max(stop) AT TIME ZONE 'UTC') AS hi FROM periods),"
          + " paid AS (SELECT date_trunc($3, p.updated_at AT TIME ZONE 'UTC') AS start,"
          + " sum(p.amount) AS gross FROM payments.payments p, bounds b"
          + " WHERE p.company_id = $1 AND p.livemode = $2 AND p.status = 'succeeded'"
          + " AND p.currency = $6 AND p.updated_at >= b.lo AND p.updated_at < b.hi GROUP BY 1),"
          + " refunded AS (SELECT date_trunc($3, r.updated_at AT TIME ZONE 'UTC') AS start,"
          + " sum(r.amount) AS refunds FROM payments.refunds r, bounds b"
          + " WHERE r.company_id = $1 AND r.livemode = $2 AND r.status = 'succeeded'"
          + " AND r.currency = $6 AND r.updated_at >= b.lo AND r.updated_at < b.hi GROUP BY 1),"
          + " subs AS (SELECT s.started_at, s.ended_at, s.status,"
          + " CASE WHEN pl.interval = 'year' THEN pl.amount / 12.0 ELSE pl.amount END AS monthly"
          + " FROM payments.subscriptions s JOIN payments.plans pl ON pl.id = s.plan_id, bounds b"
          + " WHERE s.company_id = $1 AND s.livemode = $2 AND pl.currency = $6"
          + " AND s.status NOT IN ('incomplete', 'incomplete_expired')"
          + " AND s.started_at < b.hi AND (s.ended_at IS NULL OR s.ended_at >= b.lo))"
          + " SELECT (p.start AT TIME ZONE 'UTC') AS period_start,"
          + " (p.stop AT TIME ZONE 'UTC') AS period_end,"
          + " coalesce(g.gross, 0) AS gross, coalesce(r.refunds, 0) AS refunds,"
          + " (SELECT coalesce(round(sum(monthly)), 0) FROM subs"
          + " WHERE started_at < (p.stop AT TIME ZONE 'UTC') AND (ended_at IS NULL"
          + " OR ended_at >= (p.stop AT TIME ZONE 'UTC'))) AS mrr,"
          + " (SELECT count(*) FROM subs WHERE started_at < (p.stop AT TIME ZONE 'UTC')"
          + " AND (ended_at IS NULL OR ended_at >= (p.stop AT TIME ZONE 'UTC'))) AS active,"
          + " (SELECT count(*) FROM subs WHERE ended_at >= (p.start AT TIME ZONE 'UTC')"
          + " AND ended_at < (p.stop AT TIME ZONE 'UTC')) AS churned"
          + " FROM periods p LEFT JOIN paid g ON g.start = p.start"
          + " LEFT JOIN refunded r ON r.start = p.start ORDER BY p.start";

  public Uni<List<RevenuePeriod>> report(
      SqlClient db, Tenant tenant, String interval, LocalDate from, LocalDate to, String currency) {
    return TenantSql.list(
        db,
        tenant,
        RevenueAnalytics::period,
        REPORT,
        interval,
        from.atStartOfDay().atOffset(ZoneOffset.UTC),
        to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC),
        currency);
  }

  private static RevenuePeriod period(Row row) {
    long gross = row.getLong("gross");
    long refunds = row.getLong("refunds");
    return new RevenuePeriod(
        instant(row.getOffsetDateTime("period_start")),
        instant(row.getOffsetDateTime("period_end")),
        gross,
        refunds,
        gross - refunds,
        row.getLong("mrr"),
        row.getLong("active"),
        row.getLong("churned"));
  }
}
