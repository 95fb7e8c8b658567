package dev.solid.messaging.analytics;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.http.ReportRange;
import dev.solid.kit.tenant.TenantSql;
import dev.solid.messaging.account.AccountRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per sender account, the messages created in the range (an indexed range, {@code
 * messages_created_idx}), today's use of its daily cap (the cap's own usage row), and its most
 * frequent failure reasons in the range.
 */
@ApplicationScoped
public class AccountAnalytics {
  /** The most accounts one report lists; a report that stops there says {@code truncated}. */
  public static final int MAX_ACCOUNTS = 1000;

  /** How many failure reasons each account shows, most frequent first. */
  public static final int TOP_REASONS = 5;

  static final String REPORT =
      "WITH counts AS (SELECT m.account_id,"
          + " count(*) FILTER (WHERE m.direction = 'outbound' AND m.status = 'sent') AS sent,"
          + " count(*) FILTER (WHERE m.direction = 'outbound' AND m.status = 'failed') AS failed,"
          + " count(*) FILTER (WHERE m.direction = 'inbound') AS received"
          + " FROM messaging.messages m WHERE m.company_id = $1 AND m.livemode = $2"
          + " AND m.created_at >= $3 AND m.created_at < $4 GROUP BY m.account_id)"
          + " SELECT a.id, a.channel, a.sender, a.daily_cap, coalesce(u.used, 0) AS used_today,"
          + " coalesce(c.sent, 0) AS sent, coalesce(c.failed, 0) AS failed,"
          + " coalesce(c.received, 0) AS received"
          + " FROM messaging.accounts a LEFT JOIN counts c ON c.account_id = a.id"
          + " LEFT JOIN messaging.account_usage u ON u.account_id = a.id AND u.day = $5"
          + " WHERE a.company_id = $1 AND a.livemode = $2 ORDER BY a.id LIMIT $6";

  // A reason is stored as "code: detail" (e.g. "twilio 21211: The 'To' number is not valid"):
  // grouped by the code, the part before the first colon, so details do not split a reason.
  static final String REASONS =
      "SELECT account_id, reason, n FROM (SELECT m.account_id,"
          + " split_part(coalesce(m.failure_reason, 'unknown'), ':', 1) AS reason, count(*) AS n,"
          + " row_number() OVER (PARTITION BY m.account_id ORDER BY count(*) DESC,"
          + " split_part(coalesce(m.failure_reason, 'unknown'), ':', 1)) AS rank"
          + " FROM messaging.messages m WHERE m.company_id = $1 AND m.livemode = $2"
          + " AND m.created_at >= $3 AND m.created_at < $4"
          + " AND m.direction = 'outbound' AND m.status = 'failed' GROUP BY 1, 2) r"
          + " WHERE rank <= $5 ORDER BY account_id, rank";

  /** The accounts in id order, one more than {@link #MAX_ACCOUNTS} when there are more. */
  public Uni<List<AccountStats>> report(SqlClient db, Tenant tenant, ReportRange range) {
    return TenantSql.list(db, tenant, row -> row, REASONS, range.start(), range.end(), TOP_REASONS)
        .chain(
            reasonRows -> {
              Map<Long, List<AccountStats.FailureReason>> reasons = new HashMap<>();
              for (Row row : reasonRows) {
                reasons
                    .computeIfAbsent(row.getLong("account_id"), id -> new ArrayList<>())
                    .add(new AccountStats.FailureReason(row.getString("reason"), row.getLong("n")));
              }
              return TenantSql.list(
                  db,
                  tenant,
                  row -> stats(row, reasons.getOrDefault(row.getLong("id"), List.of())),
                  REPORT,
                  range.start(),
                  range.end(),
                  AccountRepository.today(),
                  MAX_ACCOUNTS + 1);
            });
  }

  private static AccountStats stats(Row row, List<AccountStats.FailureReason> reasons) {
    return new AccountStats(
        row.getLong("id"),
        row.getString("channel"),
        row.getString("sender"),
        row.getLong("sent"),
        row.getLong("failed"),
        row.getLong("received"),
        row.getLong("used_today"),
        row.getLong("daily_cap"),
        reasons);
  }
}
