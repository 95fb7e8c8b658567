package dev.solid.messaging.analytics;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.http.ReportRange;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Per sequence, the cohort of enrollments created in the range and where each stands now, and the
 * messages its steps queued in the range by their status now. Both are indexed ranges over the
 * dates ({@code enrollments_created_idx}, {@code messages_enrollment_created_idx}); the sequences
 * themselves are the tenant's list, at most {@link #MAX_SEQUENCES}.
 */
@ApplicationScoped
public class SequenceAnalytics {
  /** The most sequences one report lists; a report that stops there says {@code truncated}. */
  public static final int MAX_SEQUENCES = 1000;

  static final String REPORT =
      "WITH cohort AS (SELECT e.sequence_id, count(*) AS enrolled,"
          + " count(*) FILTER (WHERE e.status = 'active') AS active,"
          + " count(*) FILTER (WHERE e.status = 'paused') AS paused,"
          + " count(*) FILTER (WHERE e.status = 'completed') AS completed,"
          + " count(*) FILTER (WHERE e.status = 'stopped') AS stopped,"
          + " count(*) FILTER (WHERE e.status = 'stopped' AND e.stop_reason = 'replied') AS replied"
          + " FROM messaging.enrollments e WHERE e.company_id = $1 AND e.livemode = $2"
          + " AND e.created_at >= $3 AND e.created_at < $4 GROUP BY e.sequence_id),"
          + " steps AS (SELECT e.sequence_id,"
          + " count(*) FILTER (WHERE m.status = 'sent') AS sent,"
          + " count(*) FILTER (WHERE m.status = 'failed') AS failed"
          + " FROM messaging.messages m JOIN messaging.enrollments e ON e.id = m.enrollment_id"
          + " AND e.company_id = $1 AND e.livemode = $2"
          + " WHERE m.company_id = $1 AND m.livemode = $2 AND m.enrollment_id IS NOT NULL"
          + " AND m.direction = 'outbound' AND m.created_at >= $3 AND m.created_at < $4"
          + " GROUP BY e.sequence_id)"
          + " SELECT s.id, s.name, coalesce(c.enrolled, 0) AS enrolled,"
          + " coalesce(c.active, 0) AS active, coalesce(c.paused, 0) AS paused,"
          + " coalesce(c.completed, 0) AS completed, coalesce(c.stopped, 0) AS stopped,"
          + " coalesce(c.replied, 0) AS replied, coalesce(t.sent, 0) AS sent,"
          + " coalesce(t.failed, 0) AS failed"
          + " FROM messaging.sequences s LEFT JOIN cohort c ON c.sequence_id = s.id"
          + " LEFT JOIN steps t ON t.sequence_id = s.id"
          + " WHERE s.company_id = $1 AND s.livemode = $2 ORDER BY s.id LIMIT $5";

  /** The sequences in id order, one more than {@link #MAX_SEQUENCES} when there are more. */
  public Uni<List<SequenceStats>> report(SqlClient db, Tenant tenant, ReportRange range) {
    return TenantSql.list(
        db,
        tenant,
        SequenceAnalytics::stats,
        REPORT,
        range.start(),
        range.end(),
        MAX_SEQUENCES + 1);
  }

  private static SequenceStats stats(Row row) {
    return new SequenceStats(
        row.getLong("id"),
        row.getString("name"),
        row.getLong("enrolled"),
        row.getLong("active"),
        row.getLong("paused"),
        row.getLong("completed"),
        row.getLong("stopped"),
        row.getLong("replied"),
        row.getLong("sent"),
        row.getLong("failed"));
  }
}
