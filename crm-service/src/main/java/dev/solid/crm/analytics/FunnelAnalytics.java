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
 * The contact funnel. The cohort is the contacts created in the range (one index-only range over
 * {@code contacts_tenant_created_idx}, which holds the band), joined by hash to the tenant's
 * contacts with deals (one pass over {@code deals_tenant_contact_idx}): for a cohort of 100,000
 * that is far cheaper than a lookup per contact. A contact counts in a step when it reached that
 * step or any later one, so the counts never grow down the funnel: a contact with a deal counts as
 * warm and mql even if its lead score band is cold today (the deal is the stronger signal), and
 * {@code won} is a contact with at least one deal in a won stage. Bands are the contacts' bands
 * now.
 */
@ApplicationScoped
public class FunnelAnalytics {
  static final String REPORT =
      "WITH cohort AS (SELECT c.id, c.lead_score_band AS band FROM crm.contacts c"
          + " WHERE c.company_id = $1 AND c.livemode = $2"
          + " AND c.created_at >= $3 AND c.created_at < $4),"
          + " dealt AS (SELECT d.contact_id, bool_or(s.kind = 'won') AS won FROM crm.deals d"
          + " JOIN crm.pipeline_stages s ON s.company_id = d.company_id"
          + " AND s.livemode = d.livemode AND s.pipeline_id = d.pipeline_id AND s.id = d.stage_id"
          + " WHERE d.company_id = $1 AND d.livemode = $2 AND d.contact_id IS NOT NULL"
          + " GROUP BY d.contact_id)"
          + " SELECT count(*) AS created,"
          + " count(*) FILTER (WHERE k.band IN ('warm', 'mql', 'hot') OR t.contact_id IS NOT NULL)"
          + " AS warm,"
          + " count(*) FILTER (WHERE k.band IN ('mql', 'hot') OR t.contact_id IS NOT NULL) AS mql,"
          + " count(t.contact_id) AS with_deal,"
          + " count(*) FILTER (WHERE t.won) AS won"
          + " FROM cohort k LEFT JOIN dealt t ON t.contact_id = k.id";

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
