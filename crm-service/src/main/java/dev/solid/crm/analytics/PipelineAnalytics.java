package dev.solid.crm.analytics;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.http.ReportRange;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One pipeline's report in two indexed statements: the deals in each stage now ({@code
 * deals_tenant_pipeline_stage_idx}), and the deals closed in the range ({@code
 * deals_tenant_closed_idx}), whose won share is the win rate and whose won deals' age at closing is
 * the average days to close.
 */
@ApplicationScoped
public class PipelineAnalytics {
  static final String STAGES =
      "SELECT s.id, s.name, s.position, s.probability, s.kind,"
          + " count(d.id) AS deals, coalesce(sum(d.amount), 0) AS amount,"
          + " coalesce(sum((d.amount * s.probability + 50) / 100), 0) AS weighted"
          + " FROM crm.pipeline_stages s LEFT JOIN crm.deals d"
          + " ON d.company_id = s.company_id AND d.livemode = s.livemode"
          + " AND d.pipeline_id = s.pipeline_id AND d.stage_id = s.id AND d.currency = $4"
          + " WHERE s.company_id = $1 AND s.livemode = $2 AND s.pipeline_id = $3"
          + " GROUP BY s.id, s.name, s.position, s.probability, s.kind ORDER BY s.position, s.id";

  static final String CLOSED =
      "SELECT count(*) FILTER (WHERE s.kind = 'won') AS won,"
          + " count(*) FILTER (WHERE s.kind = 'lost') AS lost,"
          + " coalesce(sum(d.amount) FILTER (WHERE s.kind = 'won'), 0) AS won_amount,"
          + " coalesce(sum(d.amount) FILTER (WHERE s.kind = 'lost'), 0) AS lost_amount,"
          + " avg(extract(epoch FROM d.closed_at - d.created_at)) FILTER (WHERE s.kind = 'won')"
          + " AS won_seconds"
          + " FROM crm.deals d JOIN crm.pipeline_stages s"
          + " ON s.company_id = d.company_id AND s.livemode = d.livemode"
          + " AND s.pipeline_id = d.pipeline_id AND s.id = d.stage_id"
          + " WHERE d.company_id = $1 AND d.livemode = $2 AND d.pipeline_id = $3"
          + " AND d.currency = $4 AND d.closed_at >= $5 AND d.closed_at < $6"
          + " AND s.kind IN ('won', 'lost')";

  private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

  public Uni<PipelineReport> report(
      SqlClient db,
      Tenant tenant,
      long pipelineId,
      String pipelineName,
      String currency,
      ReportRange range) {
    return TenantSql.list(db, tenant, PipelineAnalytics::stage, STAGES, pipelineId, currency)
        .chain(
            stages ->
                TenantSql.first(
                        db,
                        tenant,
                        row -> row,
                        CLOSED,
                        pipelineId,
                        currency,
                        range.start(),
                        range.end())
                    .map(
                        closed -> {
                          long won = closed.getLong("won");
                          long lost = closed.getLong("lost");
                          return new PipelineReport(
                              pipelineId,
                              pipelineName,
                              currency,
                              range.from(),
                              range.to(),
                              stages,
                              won,
                              lost,
                              closed.getLong("won_amount"),
                              closed.getLong("lost_amount"),
                              Rates.of(won, won + lost),
                              days(closed.getBigDecimal("won_seconds")));
                        }));
  }

  private static PipelineReport.StageStats stage(Row row) {
    return new PipelineReport.StageStats(
        row.getLong("id"),
        row.getString("name"),
        row.getInteger("position"),
        row.getInteger("probability"),
        row.getString("kind"),
        row.getLong("deals"),
        row.getLong("amount"),
        row.getLong("weighted"));
  }

  private static BigDecimal days(BigDecimal seconds) {
    return seconds == null ? null : seconds.divide(SECONDS_PER_DAY, 1, RoundingMode.HALF_UP);
  }
}
