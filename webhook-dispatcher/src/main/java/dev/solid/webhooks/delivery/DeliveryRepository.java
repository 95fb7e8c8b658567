package dev.solid.webhooks.delivery;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries as the API shows and changes them, on behalf of a caller: the delivery log, a replay,
 * a test event. Every statement goes through {@link TenantSql} ($1 company id, $2 livemode). What
 * the dispatcher does across tenants is elsewhere: the claim in {@link DeliveryClaims}, the
 * outcomes in {@link DeliveryOutcomes}; the fan-out of consumed events in the ingest package.
 */
@ApplicationScoped
public class DeliveryRepository {
  private static final String COLUMNS =
      "id, endpoint_id, event_id, event_type, payload, status, attempt_count, max_attempts,"
          + " next_attempt_at, last_error, created_at, updated_at";

  private final Pool pool;

  public DeliveryRepository(Pool pool) {
    this.pool = pool;
  }

  /** One delivery of an event to one endpoint of the tenant (the test event). */
  public Uni<Optional<Delivery>> createFor(
      Tenant tenant,
      long endpointId,
      String eventId,
      String eventType,
      byte[] payload,
      int maxAttempts) {
    return TenantSql.first(
            pool,
            tenant,
            DeliveryRepository::toDelivery,
            "INSERT INTO webhooks.deliveries (company_id, livemode, endpoint_id, event_id,"
                + " event_type, payload, max_attempts, next_attempt_at)"
                + " SELECT company_id, livemode, id, $4, $5, $6, $7, now()"
                + " FROM webhooks.endpoints"
                + TenantSql.WHERE
                + " AND id = $3 RETURNING "
                + COLUMNS,
            endpointId,
            eventId,
            eventType,
            Buffer.buffer(payload),
            maxAttempts)
        .map(Optional::ofNullable);
  }

  public Uni<List<Delivery>> list(
      Tenant tenant, long endpointId, String status, String event, PageRequest page) {
    return TenantSql.list(
        pool,
        tenant,
        DeliveryRepository::toDelivery,
        "SELECT "
            + COLUMNS
            + " FROM webhooks.deliveries"
            + TenantSql.WHERE
            + " AND endpoint_id = $3 AND ($4::text IS NULL OR status = $4)"
            + " AND ($5::text IS NULL OR event_type = $5)"
            + " ORDER BY id DESC LIMIT $6 OFFSET $7",
        endpointId,
        status,
        event,
        page.limit(),
        page.offset());
  }

  public Uni<Long> count(Tenant tenant, long endpointId, String status, String event) {
    return TenantSql.first(
        pool,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM webhooks.deliveries"
            + TenantSql.WHERE
            + " AND endpoint_id = $3 AND ($4::text IS NULL OR status = $4)"
            + " AND ($5::text IS NULL OR event_type = $5)",
        endpointId,
        status,
        event);
  }

  public Uni<Optional<Delivery>> find(Tenant tenant, long endpointId, long id) {
    return TenantSql.first(
            pool,
            tenant,
            DeliveryRepository::toDelivery,
            "SELECT "
                + COLUMNS
                + " FROM webhooks.deliveries"
                + TenantSql.WHERE
                + " AND endpoint_id = $3 AND id = $4",
            endpointId,
            id)
        .map(Optional::ofNullable);
  }

  /** Every attempt of the tenant's delivery, oldest first. */
  public Uni<List<Attempt>> attempts(Tenant tenant, long deliveryId) {
    return TenantSql.list(
        pool,
        tenant,
        r ->
            new Attempt(
                r.getInteger("attempt_number"),
                r.getBoolean("manual"),
                r.getOffsetDateTime("attempted_at"),
                r.getInteger("response_status"),
                r.getInteger("latency_ms"),
                r.getString("response_body"),
                r.getString("error")),
        "SELECT a.attempt_number, a.manual, a.attempted_at, a.response_status, a.latency_ms,"
            + " a.response_body, a.error FROM webhooks.delivery_attempts a"
            + " JOIN webhooks.deliveries d ON d.id = a.delivery_id"
            + " WHERE d.company_id = $1 AND d.livemode = $2 AND a.delivery_id = $3"
            + " ORDER BY a.id",
        deliveryId);
  }

  /**
   * Makes the delivery due now for one more (manual) attempt. When a lease is held (an attempt may
   * be in flight), its outcome must not overwrite this: {@code replay_for_lease} names that lease,
   * and only the outcome written under it logs the attempt but leaves the delivery pending and due
   * at once. The lease is kept, so the replay is sent after the attempt in flight ends, never
   * beside it. Any other end of that lease clears the mark, since the row is already pending and
   * due: {@link DeliveryClaims#release} (no attempt was made), a new claim (the lease was lost; the
   * new holder's attempt is the replay). So a replay is exactly one more send.
   *
   * <p>{@code replay_requested} is no longer read; it is kept up to date for replicas of the
   * previous release during a rolling upgrade (see V4).
   */
  public Uni<Optional<Delivery>> replay(Tenant tenant, long endpointId, long id) {
    return TenantSql.first(
            pool,
            tenant,
            DeliveryRepository::toDelivery,
            "UPDATE webhooks.deliveries SET status = 'pending', next_attempt_at = now(),"
                + " max_attempts = greatest(max_attempts, attempt_count + 1),"
                + " manual_pending = true,"
                + " replay_for_lease = lease_token,"
                + " replay_requested = (lease_token IS NOT NULL AND locked_until > now()),"
                + " updated_at = now()"
                + TenantSql.WHERE
                + " AND endpoint_id = $3 AND id = $4 RETURNING "
                + COLUMNS,
            endpointId,
            id)
        .map(Optional::ofNullable);
  }

  private static Delivery toDelivery(Row r) {
    return new Delivery(
        r.getLong("id"),
        r.getLong("endpoint_id"),
        r.getString("event_id"),
        r.getString("event_type"),
        r.getBuffer("payload").getBytes(),
        r.getString("status"),
        r.getInteger("attempt_count"),
        r.getInteger("max_attempts"),
        r.getOffsetDateTime("next_attempt_at"),
        r.getString("last_error"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"));
  }
}
