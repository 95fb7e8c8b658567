package dev.solid.crm.analytics;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecast: per period, the deals won in it (by the day they entered a won stage, {@code
 * deals_tenant_closed_idx}) and the open deals expected to close in it ({@code
 * deals_tenant_close_idx}), weighted by their stage's probability. Open deals expected before the
 * first period (past due) and those without a date are reported beside the periods, not in them.
 */
@ApplicationScoped
public class ForecastAnalytics {
  /** The most periods one forecast has. */
  public static final int MAX_PERIODS = 36;

  static final String WON =
      "SELECT date_trunc($3, d.closed_at AT TIME ZONE 'UTC')::date AS start,"
          + " count(*) AS deals, sum(d.amount) AS amount"
          + " FROM crm.deals d JOIN crm.pipeline_stages s"
          + " ON s.company_id = d.company_id AND s.livemode = d.livemode"
          + " AND s.pipeline_id = d.pipeline_id AND s.id = d.stage_id"
          + " WHERE d.company_id = $1 AND d.livemode = $2 AND d.currency = $4"
          + " AND ($5::bigint IS NULL OR d.pipeline_id = $5)"
          + " AND d.closed_at >= $6 AND d.closed_at < $7 AND s.kind = 'won'"
          + " GROUP BY 1";

  /** One row per period start, plus the past-due row (start null, past true). */
  static final String OPEN =
      "SELECT CASE WHEN d.expected_close_date < $6 THEN NULL"
          + " ELSE date_trunc($3, d.expected_close_date::timestamp)::date END AS start,"
          + " (d.expected_close_date < $6) AS past,"
          + " count(*) AS deals, sum(d.amount) AS amount,"
          + " sum((d.amount * s.probability + 50) / 100) AS weighted"
          + " FROM crm.deals d JOIN crm.pipeline_stages s"
          + " ON s.company_id = d.company_id AND s.livemode = d.livemode"
          + " AND s.pipeline_id = d.pipeline_id AND s.id = d.stage_id"
          + " WHERE d.company_id = $1 AND d.livemode = $2 AND d.currency = $4"
          + " AND ($5::bigint IS NULL OR d.pipeline_id = $5)"
          + " AND d.expected_close_date < $7 AND s.kind = 'open'"
          + " GROUP BY 1, 2";

  static final String UNDATED =
      "SELECT count(*) AS deals, coalesce(sum(d.amount), 0) AS amount,"
          + " coalesce(sum((d.amount * s.probability + 50) / 100), 0) AS weighted"
          + " FROM crm.deals d JOIN crm.pipeline_stages s"
          + " ON s.company_id = d.company_id AND s.livemode = d.livemode"
          + " AND s.pipeline_id = d.pipeline_id AND s.id = d.stage_id"
          + " WHERE d.company_id = $1 AND d.livemode = $2 AND d.currency = $3"
          + " AND ($4::bigint IS NULL OR d.pipeline_id = $4)"
          + " AND d.expected_close_date IS NULL AND s.kind = 'open'";

  /** The first day of the period of {@code unit} that holds {@code day}. */
  public static LocalDate periodStart(LocalDate day, String unit) {
    return switch (unit) {
      case "day" -> day;
      case "week" -> day.with(DayOfWeek.MONDAY);
      default -> day.withDayOfMonth(1);
    };
  }

  static LocalDate next(LocalDate start, String unit) {
    return switch (unit) {
      case "day" -> start.plusDays(1);
      case "week" -> start.plusWeeks(1);
      default -> start.plusMonths(1);
    };
  }

  public Uni<ForecastReport> report(
      SqlClient db,
      Tenant tenant,
      String unit,
      LocalDate first,
      int count,
      String currency,
      Long pipelineId) {
    List<LocalDate> starts = new ArrayList<>();
    LocalDate cursor = periodStart(first, unit);
    for (int i = 0; i < count; i++) {
      starts.add(cursor);
      cursor = next(cursor, unit);
    }
    LocalDate start = starts.get(0);
    LocalDate end = cursor;
    var from = start.atStartOfDay().atOffset(ZoneOffset.UTC);
    var to = end.atStartOfDay().atOffset(ZoneOffset.UTC);
    return TenantSql.list(db, tenant, row -> row, WON, unit, currency, pipelineId, from, to)
        .chain(
            won ->
                TenantSql.list(db, tenant, row -> row, OPEN, unit, currency, pipelineId, start, end)
                    .chain(
                        open ->
                            TenantSql.first(db, tenant, row -> row, UNDATED, currency, pipelineId)
                                .map(
                                    undated ->
                                        assemble(
                                            unit,
                                            currency,
                                            pipelineId,
                                            starts,
                                            won,
                                            open,
                                            undated))));
  }

  private static ForecastReport assemble(
      String unit,
      String currency,
      Long pipelineId,
      List<LocalDate> starts,
      List<Row> won,
      List<Row> open,
      Row undated) {
    Map<LocalDate, Row> wonByStart = new HashMap<>();
    won.forEach(row -> wonByStart.put(row.getLocalDate("start"), row));
    Map<LocalDate, Row> openByStart = new HashMap<>();
    ForecastReport.Bucket pastDue = new ForecastReport.Bucket(0, 0, 0);
    for (Row row : open) {
      if (Boolean.TRUE.equals(row.getBoolean("past"))) {
        pastDue =
            new ForecastReport.Bucket(
                row.getLong("deals"), row.getLong("amount"), row.getLong("weighted"));
      } else {
        openByStart.put(row.getLocalDate("start"), row);
      }
    }
    List<ForecastReport.Period> periods = new ArrayList<>();
    for (LocalDate start : starts) {
      Row w = wonByStart.get(start);
      Row o = openByStart.get(start);
      periods.add(
          new ForecastReport.Period(
              start,
              next(start, unit),
              w == null ? 0 : w.getLong("deals"),
              w == null ? 0 : w.getLong("amount"),
              o == null ? 0 : o.getLong("deals"),
              o == null ? 0 : o.getLong("amount"),
              o == null ? 0 : o.getLong("weighted")));
    }
    return new ForecastReport(
        unit,
        currency,
        pipelineId,
        periods,
        pastDue,
        new ForecastReport.Bucket(
            undated.getLong("deals"), undated.getLong("amount"), undated.getLong("weighted")));
  }
}
