package dev.solid.webhooks.delivery;

import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The dispatcher's leases on due deliveries: the claim, and giving a claim back without an attempt.
 * These statements span tenants on purpose: the dispatcher sends every company's deliveries and
 * acts on no caller's behalf; a row is only ever touched by its id and the lease token this replica
 * holds.
 */
@ApplicationScoped
public class DeliveryClaims {
  private static final String CLAIM = "the dispatcher claims due deliveries of every tenant";
  private static final String BY_LEASE = "by delivery id and the lease token this replica holds";

  private final Pool pool;

  public DeliveryClaims(Pool pool) {
    this.pool = pool;
  }

  /**
   * Claims up to {@code limit} due deliveries for this replica. {@code FOR UPDATE SKIP LOCKED} lets
   * replicas claim concurrently without waiting on each other or taking the same row; the lease
   * (locked_until) keeps the row ours after the transaction, and brings it back to everyone if this
   * replica dies mid-send. Each endpoint gets at most its free slots here, so its backlog does not
   * crowd out other endpoints.
   *
   * <p>Why this shape: the endpoints with pending rows are found by a skip scan of the index
   * (endpoint_id, next_attempt_at, id) WHERE status = 'pending' (one probe per endpoint), and each
   * endpoint's oldest due rows are then read from the same index with a LATERAL ... LIMIT of its
   * free slots. A claim therefore costs per endpoint with pending work, not per pending row: a slow
   * endpoint's 10 000-row backlog is never read, only its first few rows. The lock re-checks status
   * and lease on the latest row version, so a row another replica took meanwhile is skipped, never
   * taken twice.
   */
  public Uni<List<ClaimedDelivery>> claimDue(
      int limit, int perEndpoint, Long[] busyEndpoints, Integer[] busyFree, Duration lease) {
    UUID token = UUID.randomUUID();
    return TenantSql.crossTenant(
            pool,
            CLAIM,
            "WITH RECURSIVE pending_endpoints AS ("
                + " (SELECT endpoint_id FROM webhooks.deliveries WHERE status = 'pending'"
                + " ORDER BY endpoint_id LIMIT 1)"
                + " UNION ALL SELECT (SELECT d.endpoint_id FROM webhooks.deliveries d"
                + " WHERE d.status = 'pending' AND d.endpoint_id > p.endpoint_id"
                + " ORDER BY d.endpoint_id LIMIT 1)"
                + " FROM pending_endpoints p WHERE p.endpoint_id IS NOT NULL),"
                + " due AS (SELECT c.id, c.next_attempt_at FROM pending_endpoints p"
                + " LEFT JOIN unnest($2::bigint[], $6::int[]) AS u(endpoint_id, free)"
                + " ON u.endpoint_id = p.endpoint_id"
                + " CROSS JOIN LATERAL (SELECT d.id, d.next_attempt_at FROM webhooks.deliveries d"
                + " WHERE d.endpoint_id = p.endpoint_id AND d.status = 'pending'"
                + " AND d.next_attempt_at <= now()"
                + " AND (d.locked_until IS NULL OR d.locked_until < now())"
                + " ORDER BY d.next_attempt_at, d.id LIMIT coalesce(u.free, $5)"
                + " FOR UPDATE OF d SKIP LOCKED) c"
                + " WHERE p.endpoint_id IS NOT NULL AND coalesce(u.free, $5) > 0"
                + " ORDER BY c.next_attempt_at, c.id LIMIT $1),"
                + " claimed AS (UPDATE webhooks.deliveries d"
                + " SET locked_until = now() + make_interval(secs => $3), lease_token = $4,"
                + " replay_for_lease = NULL"
                + " FROM due WHERE d.id = due.id RETURNING d.id, d.company_id, d.livemode,"
                + " d.endpoint_id, d.event_id, d.payload, d.attempt_count, d.max_attempts,"
                + " d.manual_pending)"
                + " SELECT c.*, e.url, e.enabled, e.secret_encrypted,"
                + " ARRAY(SELECT p.secret FROM unnest(e.previous_secrets_encrypted,"
                + " e.previous_secrets_expire_at) WITH ORDINALITY AS p(secret, expires_at, n)"
                + " WHERE p.expires_at > now() ORDER BY p.n) AS previous_secrets"
                + " FROM claimed c JOIN webhooks.endpoints e ON e.id = c.endpoint_id"
                + " ORDER BY c.id",
            limit,
            busyEndpoints,
            lease.toMillis() / 1000.0,
            token,
            perEndpoint,
            busyFree)
        .map(rows -> TenantSql.all(rows, row -> toClaimed(row, token)));
  }

  /**
   * Gives a claimed delivery back without an attempt (no free slot here after all). A replay asked
   * for under this lease is already served by the row being pending and due: its mark goes too.
   */
  public Uni<Void> release(ClaimedDelivery d) {
    return TenantSql.crossTenant(
            pool,
            BY_LEASE,
            "UPDATE webhooks.deliveries SET locked_until = NULL, lease_token = NULL,"
                + " replay_for_lease = NULL, replay_requested = false"
                + " WHERE id = $1 AND lease_token = $2",
            d.id(),
            d.leaseToken())
        .replaceWithVoid();
  }

  /** A claimed delivery whose endpoint was disabled meanwhile: failed without an attempt. */
  public Uni<Void> failWithoutAttempt(ClaimedDelivery d, String error) {
    return TenantSql.crossTenant(
            pool,
            BY_LEASE,
            "UPDATE webhooks.deliveries SET status = 'failed', next_attempt_at = NULL,"
                + " locked_until = NULL, lease_token = NULL, manual_pending = false,"
                + " replay_for_lease = NULL, replay_requested = false,"
                + " last_error = $3, updated_at = now() WHERE id = $1 AND lease_token = $2",
            d.id(),
            d.leaseToken(),
            error)
        .replaceWithVoid();
  }

  private static ClaimedDelivery toClaimed(Row r, UUID token) {
    Buffer[] previous = r.getDelegate().getArrayOfBuffers("previous_secrets");
    return new ClaimedDelivery(
        r.getLong("id"),
        r.getLong("company_id"),
        r.getBoolean("livemode"),
        r.getLong("endpoint_id"),
        r.getString("event_id"),
        r.getBuffer("payload").getBytes(),
        r.getInteger("attempt_count"),
        r.getInteger("max_attempts"),
        r.getBoolean("manual_pending"),
        token,
        r.getString("url"),
        r.getBoolean("enabled"),
        r.getBuffer("secret_encrypted").getBytes(),
        previous == null ? List.of() : Arrays.stream(previous).map(Buffer::getBytes).toList());
  }
}
