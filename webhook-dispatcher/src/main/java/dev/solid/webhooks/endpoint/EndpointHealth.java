package dev.solid.webhooks.endpoint;

import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.SortedMap;

/**
 * The failure clock of an endpoint ({@code failing_since}: the first failed attempt since the last
 * success), moved by the dispatcher as attempts end, in the transaction that records them. It
 * drives {@link EndpointAutoDisable}. By endpoint id across tenants: the id comes from a delivery
 * the dispatcher holds the lease of, not from a caller.
 */
@ApplicationScoped
public class EndpointHealth {
  private static final String WHY =
      "an attempt's outcome moves the failure clock of its delivery's endpoint, whatever the tenant";

  /** What the outcomes of one batch do to an endpoint's clock, in the order they ended. */
  public enum Clock {
    /** The last outcome succeeded: the clock stops. */
    CLEAR,
    /** A failure after a success: the clock starts again now. */
    RESTART,
    /** Failures only: the clock starts unless it already runs. */
    START;

    /** The clock after one more outcome, given the one before (null for the first outcome). */
    public static Clock after(Clock previous, boolean succeeded) {
      if (succeeded) {
        return CLEAR;
      }
      return previous == null || previous == START ? START : RESTART;
    }
  }

  /** An attempt succeeded: the endpoint is no longer failing. */
  public Uni<Void> succeeded(SqlClient tx, long endpointId) {
    return TenantSql.crossTenant(
            tx,
            WHY,
            "UPDATE webhooks.endpoints SET failing_since = NULL"
                + " WHERE id = $1 AND failing_since IS NOT NULL",
            endpointId)
        .replaceWithVoid();
  }

  /** An attempt failed: the clock starts unless it already runs. */
  public Uni<Void> failed(SqlClient tx, long endpointId) {
    return TenantSql.crossTenant(
            tx,
            WHY,
            "UPDATE webhooks.endpoints SET failing_since = coalesce(failing_since, now())"
                + " WHERE id = $1",
            endpointId)
        .replaceWithVoid();
  }

  /**
   * Applies a batch's clocks in one statement. Endpoint rows are locked in id order (the map is
   * sorted), so two replicas' batches cannot deadlock.
   */
  public Uni<Void> apply(SqlClient tx, SortedMap<Long, Clock> clocks) {
    Long[] endpoints = clocks.keySet().toArray(Long[]::new);
    String[] ops = clocks.values().stream().map(c -> c.name().toLowerCase()).toArray(String[]::new);
    return TenantSql.crossTenant(
            tx,
            WHY,
            "WITH locked AS (SELECT id FROM webhooks.endpoints WHERE id = ANY($1)"
                + " ORDER BY id FOR UPDATE)"
                + " UPDATE webhooks.endpoints e SET failing_since = CASE u.op"
                + " WHEN 'clear' THEN NULL WHEN 'restart' THEN now()"
                + " ELSE coalesce(e.failing_since, now()) END"
                + " FROM unnest($1::bigint[], $2::text[]) AS u(id, op), locked l"
                + " WHERE e.id = u.id AND l.id = u.id"
                + " AND (u.op <> 'clear' OR e.failing_since IS NOT NULL)",
            endpoints,
            ops)
        .replaceWithVoid();
  }
}
