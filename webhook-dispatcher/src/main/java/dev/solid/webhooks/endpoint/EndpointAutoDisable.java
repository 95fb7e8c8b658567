package dev.solid.webhooks.endpoint;

import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTopics;
import dev.solid.kit.outbox.OutboxWriter;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns off an endpoint that cannot take deliveries: one that answered 410 Gone, or one that has
 * only failed for {@code solid.webhooks.retry.disable-after}. Disabling writes {@code
 * webhook.disabled} to the outbox in the same transaction (the caller's, which also records the
 * attempt), so the event goes out exactly when the endpoint really was disabled. By endpoint id
 * across tenants, like {@link EndpointHealth}.
 */
@ApplicationScoped
public class EndpointAutoDisable {
  private static final Logger LOG = Logger.getLogger(EndpointAutoDisable.class);
  private static final String WHY =
      "the dispatcher disables the endpoint of a leased delivery, whatever the tenant";
  private static final String DISABLE =
      "UPDATE webhooks.endpoints SET enabled = false, disabled_reason = $2,"
          + " updated_at = now() WHERE id = $1 AND enabled";
  private static final String RETURNING = " RETURNING id, company_id, livemode, url";

  private final OutboxWriter outbox;

  public EndpointAutoDisable(OutboxWriter outbox) {
    this.outbox = outbox;
  }

  /** The endpoint answered 410 Gone: disabled at once. */
  public Uni<Void> gone(SqlClient tx, long endpointId) {
    return TenantSql.crossTenant(tx, WHY, DISABLE + RETURNING, endpointId, "gone")
        .chain(rows -> announce(tx, rows, "gone"));
  }

  /** A delivery failed for good: disabled if the endpoint has only failed for {@code after}. */
  public Uni<Void> ifFailingFor(SqlClient tx, long endpointId, Duration after) {
    return TenantSql.crossTenant(
            tx,
            WHY,
            DISABLE + " AND failing_since <= now() - make_interval(secs => $3)" + RETURNING,
            endpointId,
            "failing",
            after.toMillis() / 1000.0)
        .chain(rows -> announce(tx, rows, "failing"));
  }

  private Uni<Void> announce(SqlClient tx, RowSet<Row> rows, String reason) {
    if (rows.rowCount() == 0) {
      // Already disabled, or not failing long enough.
      return Uni.createFrom().voidItem();
    }
    Row row = rows.iterator().next();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("endpoint_id", row.getLong("id"));
    data.put("url", row.getString("url"));
    data.put("reason", reason);
    LOG.infof("Disabled webhook endpoint %d (%s)", row.getLong("id"), reason);
    return outbox.append(
        tx,
        EventTopics.WEBHOOKS,
        EventEnvelope.of(
            EventCatalog.WEBHOOK_DISABLED,
            row.getLong("company_id"),
            row.getBoolean("livemode"),
            data));
  }
}
