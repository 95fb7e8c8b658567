package dev.solid.messaging.analytics;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.http.ReportRange;
import dev.solid.kit.tenant.TenantSql;
import dev.solid.messaging.account.Account;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages per period and channel for one company and mode, from one indexed range ({@code
 * messages_created_idx}) over the whole periods that cover the dates. A message counts in the
 * period it was created (queued or received) in, by its status now. Periods are UTC calendar days,
 * ISO weeks (from Monday) or months, every one present with every channel, zeros included, in
 * order.
 */
@ApplicationScoped
public class MessageAnalytics {
  /** Every channel appears in every period, in this order, so a chart's series never jump. */
  public static final List<String> CHANNELS = List.of(Account.SMS, Account.TELEGRAM);

  static final String REPORT =
      "WITH periods AS (SELECT p AS start, p + ('1 ' || $3)::interval AS stop"
          + " FROM generate_series(date_trunc($3, $4::timestamptz AT TIME ZONE 'UTC'),"
          + " ($5::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',"
          + " ('1 ' || $3)::interval) p),"
          + " bounds AS (SELECT (min(start) AT TIME ZONE 'UTC') AS lo,"
          + " (max(stop) AT TIME ZONE 'UTC') AS hi FROM periods),"
          + " counts AS (SELECT date_trunc($3, m.created_at AT TIME ZONE 'UTC') AS start, m.channel,"
          + " count(*) FILTER (WHERE m.direction = 'outbound' AND m.status = 'sent') AS sent,"
          + " count(*) FILTER (WHERE m.direction = 'inbound') AS received,"
          + " count(*) FILTER (WHERE m.direction = 'outbound' AND m.status = 'failed') AS failed"
          + " FROM messaging.messages m, bounds b WHERE m.company_id = $1 AND m.livemode = $2"
          + " AND m.created_at >= b.lo AND m.created_at < b.hi GROUP BY 1, 2)"
          + " SELECT (p.start AT TIME ZONE 'UTC') AS period_start,"
          + " (p.stop AT TIME ZONE 'UTC') AS period_end, ch.channel,"
          + " coalesce(c.sent, 0) AS sent, coalesce(c.received, 0) AS received,"
          + " coalesce(c.failed, 0) AS failed"
          + " FROM periods p CROSS JOIN unnest($6::text[]) WITH ORDINALITY AS ch(channel, n)"
          + " LEFT JOIN counts c ON c.start = p.start AND c.channel = ch.channel"
          + " ORDER BY p.start, ch.n";

  public Uni<List<MessagePeriod>> report(
      SqlClient db, Tenant tenant, String interval, ReportRange range) {
    return TenantSql.list(
            db,
            tenant,
            row -> row,
            REPORT,
            interval,
            range.start(),
            range.end(),
            CHANNELS.toArray(new String[0]))
        .map(MessageAnalytics::periods);
  }

  /** Folds the rows, one per (period, channel) in order, into one entry per period. */
  private static List<MessagePeriod> periods(List<Row> rows) {
    List<MessagePeriod> periods = new ArrayList<>();
    Instant start = null;
    Instant end = null;
    Map<String, ChannelCounts> channels = new LinkedHashMap<>();
    for (Row row : rows) {
      Instant rowStart = row.getOffsetDateTime("period_start").toInstant();
      if (start != null && !start.equals(rowStart)) {
        periods.add(MessagePeriod.of(start, end, channels));
        channels = new LinkedHashMap<>();
      }
      start = rowStart;
      end = row.getOffsetDateTime("period_end").toInstant();
      channels.put(
          row.getString("channel"),
          new ChannelCounts(row.getLong("sent"), row.getLong("received"), row.getLong("failed")));
    }
    if (start != null) {
      periods.add(MessagePeriod.of(start, end, channels));
    }
    return periods;
  }
}
