package dev.solid.webhooks.ingest;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Turns consumed events into deliveries, one per matching enabled endpoint of their tenant. */
@ApplicationScoped
public class DeliveryFanOut {
  private final Pool pool;

  public DeliveryFanOut(Pool pool) {
    this.pool = pool;
  }

  /** One event to fan out: its tenant, id, type and the exact bytes receivers will get. */
  public record NewEvent(Tenant tenant, String eventId, String eventType, byte[] payload) {}

  /**
   * Records a batch of Kafka records in one statement. Each event is matched only with endpoints of
   * its own company and mode: the join on company_id and livemode is the tenant scope here (the
   * events of one poll belong to many tenants, and there is no caller). Rows are inserted in event
   * order, and the unique (event_id, endpoint_id) makes redelivered records, in this batch or an
   * earlier one, no-ops. Returns how many deliveries are new.
   */
  public Uni<Integer> fanOutAll(List<NewEvent> events, int maxAttempts, Duration firstDelay) {
    int n = events.size();
    Long[] companies = new Long[n];
    Boolean[] modes = new Boolean[n];
    String[] ids = new String[n];
    String[] types = new String[n];
    Buffer[] payloads = new Buffer[n];
    for (int i = 0; i < n; i++) {
      NewEvent e = events.get(i);
      companies[i] = e.tenant().companyId();
      modes[i] = e.tenant().livemode();
      ids[i] = e.eventId();
      types[i] = e.eventType();
      payloads[i] = Buffer.buffer(e.payload());
    }
    return TenantSql.crossTenant(
            pool,
            "one poll's events belong to many tenants; each joins only its own tenant's endpoints",
            "INSERT INTO webhooks.deliveries (company_id, livemode, endpoint_id, event_id,"
                + " event_type, payload, max_attempts, next_attempt_at)"
                + " SELECT e.company_id, e.livemode, e.id, ev.event_id, ev.event_type, ev.payload,"
                + " $6, now() + make_interval(secs => $7)"
                + " FROM unnest($1::bigint[], $2::bool[], $3::text[], $4::text[], $5::bytea[])"
                + " WITH ORDINALITY AS ev(company_id, livemode, event_id, event_type, payload, n)"
                + " JOIN webhooks.endpoints e"
                + " ON e.company_id = ev.company_id AND e.livemode = ev.livemode"
                + " WHERE e.enabled AND (ev.event_type = ANY(e.events) OR '*' = ANY(e.events))"
                + " ORDER BY ev.n, e.id"
                + " ON CONFLICT (event_id, endpoint_id) DO NOTHING",
            companies,
            modes,
            ids,
            types,
            payloads,
            maxAttempts,
            firstDelay.toMillis() / 1000.0)
        .map(RowSet::rowCount);
  }
}
