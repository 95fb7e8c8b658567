package dev.solid.crm.analytics;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.http.ReportRange;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The contact funnel. The cohort is the contacts created in the range (one range over {@code
 * contacts_tenant_created_idx}); each of them is then looked up in its deals by index ({@code
 * deals_tenant_contact_idx}). A contact counts in a step when it reached that step or any later
 * one, so the counts never grow down the funnel: a contact with a deal counts as warm and mql even
 * if its lead score band is cold today (the deal is the stronger signal), and {@code won} is a
 * contact with at least one deal in a won stage. Bands are the contacts' bands now.
 */
@ApplicationScoped
public class FunnelAnalytics {
  static final String REPORT =
      "WITH cohort AS (SELECT c.id, c.lead_score_band AS band FROM crm.contacts c"
          + " WHERE c.company_id = $1 AND c.livemode = $2"
          + " AND c.created_at >= $3 AND c.created_at < $4),"
          + " flags AS (SELECT k.band,"
          + " EXISTS (SELECT 1 FROM crm.deals d WHERE d.company_id = $1 AND d.livemode = $2"
          + " AND d.contact_id = k.id) AS has_deal,"
          + " EXISTS (SELECT 1 FROM crm.deals w JOIN crm.pipeline_stages s"
          + " ON s.company_id = w.company_id AND s.livemode = w.livemode"
          + " AND s.pipeline_id = w.pipeline_id AND s.id = w.stage_id"
          + " WHERE w.company_id = $1 AND w.livemode = $2 AND w.contact_id = k.id"
          + " AND s.kind = 'won') AS won"
          + " FROM cohort k)"
          + " SELECT count(*) AS created,"
          + " count(*) FILTER (WHERE band IN ('warm', 'mql', 'hot') OR has_deal) AS warm,"
          + " count(*) FILTER (WHERE band IN ('mql', 'hot') OR has_deal) AS mql,"
          + " count(*) FILTER (WHERE has_deal) AS with_deal,"
          + " count(*) FILTER (WHERE won) AS won"
          + " FROM flags";

  private static final List<String[]> STEPS =
      List.of(
          new String[] {"created", "Contacts created"},
          new String[] {"warm", "Warm or better"},
          new String[] {"mql", "Marketing qualified or better"},
          new String[] {"with_deal", "With a deal"},
          new String[] {"won", "With a won deal"});

  public Uni<FunnelReport> report(SqlClient db, Tenant tenant, ReportRange range) {
    return TenantSql.first(db, tenant, row -> row, REPORT, range.start(), range.end())
        .map(row -> new FunnelReport(range.from(), range.to(), steps(row)));
  }

  private static List<FunnelReport.Step> steps(Row row) {
    List<FunnelReport.Step> steps = new ArrayList<>();
    long created = row.getLong("created");
    Long previous = null;
    for (String[] step : STEPS) {
      long count = row.getLong(step[0]);
      steps.add(
          new FunnelReport.Step(
              step[0],
              step[1],
              count,
              previous == null ? null : Rates.of(count, previous),
              Rates.of(count, created)));
      previous = count;
    }
    return steps;
  }
}
