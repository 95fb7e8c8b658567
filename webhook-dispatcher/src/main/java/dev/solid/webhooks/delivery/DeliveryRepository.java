package dev.solid.webhooks.delivery;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTopics;
import dev.solid.common.page.PageRequest;
import dev.solid.outbox.OutboxWriter;
import dev.solid.webhooks.endpoint.EventCatalog;
import dev.solid.webhooks.tenant.TenantScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * Deliveries and their attempts. Tenant reads go through {@link TenantScope}; the scheduler's claim
 * and outcome queries work by delivery id and lease token across tenants, since they are not on
 * behalf of a caller.
 */
@ApplicationScoped
public class DeliveryRepository {
  private static final Logger LOG = Logger.getLogger(DeliveryRepository.class);
  private static final String COLUMNS =
      "id, endpoint_id, event_id, event_type, payload, status, attempt_count, max_attempts,"
          + " next_attempt_at, last_error, created_at, updated_at";

  private final Pool pool;
  private final OutboxWriter outbox;

  public DeliveryRepository(Pool pool, OutboxWriter outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  /**
   * Records one delivery per enabled endpoint of the event's company and mode that subscribes to
   * the event type (or to {@code *}), in one statement. The unique (event_id, endpoint_id) makes a
   * redelivered Kafka record a no-op. Returns how many deliveries are new.
   */
  public Uni<Integer> fanOut(
      Tenant tenant,
      String eventId,
      String eventType,
      byte[] payload,
      int maxAttempts,
      Duration firstDelay) {
    return pool.preparedQuery(
            "INSERT INTO webhooks.deliveries (company_id, livemode, endpoint_id, event_id,"
                + " event_type, payload, max_attempts, next_attempt_at)"
                + " SELECT company_id, livemode, id, $3, $4, $5, $6,"
                + " now() + make_interval(secs => $7) FROM webhooks.endpoints"
                + TenantScope.WHERE
                + " AND enabled AND ($4 = ANY(events) OR '*' = ANY(events))"
                + " ON CONFLICT (event_id, endpoint_id) DO NOTHING")
        .execute(
            TenantScope.params(
                tenant,
                eventId,
                eventType,
                io.vertx.core.buffer.Buffer.buffer(payload),
                maxAttempts,
                firstDelay.toMillis() / 1000.0))
        .map(RowSet::rowCount);
  }

  /** One delivery of an event to one endpoint of the tenant (the test event). */
  public Uni<Optional<Delivery>> createFor(
      Tenant tenant,
      long endpointId,
      String eventId,
      String eventType,
      byte[] payload,
      int maxAttempts) {
    return pool.preparedQuery(
            "INSERT INTO webhooks.deliveries (company_id, livemode, endpoint_id, event_id,"
                + " event_type, payload, max_attempts, next_attempt_at)"
                + " SELECT company_id, livemode, id, $4, $5, $6, $7, now()"
                + " FROM webhooks.endpoints"
                + TenantScope.WHERE
                + " AND id = $3 RETURNING "
                + COLUMNS)
        .execute(
            TenantScope.params(
                tenant,
                endpointId,
                eventId,
                eventType,
                io.vertx.core.buffer.Buffer.buffer(payload),
                maxAttempts))
        .map(DeliveryRepository::first);
  }

  public Uni<List<Delivery>> list(
      Tenant tenant, long endpointId, String status, String event, PageRequest page) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM webhooks.deliveries"
                + TenantScope.WHERE
                + " AND endpoint_id = $3 AND ($4::text IS NULL OR status = $4)"
                + " AND ($5::text IS NULL OR event_type = $5)"
                + " ORDER BY id DESC LIMIT $6 OFFSET $7")
        .execute(TenantScope.params(tenant, endpointId, status, event, page.limit(), page.offset()))
        .map(rows -> stream(rows).map(DeliveryRepository::toDelivery).toList());
  }

  public Uni<Long> count(Tenant tenant, long endpointId, String status, String event) {
    return pool.preparedQuery(
            "SELECT count(*) FROM webhooks.deliveries"
                + TenantScope.WHERE
                + " AND endpoint_id = $3 AND ($4::text IS NULL OR status = $4)"
                + " AND ($5::text IS NULL OR event_type = $5)")
        .execute(TenantScope.params(tenant, endpointId, status, event))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Uni<Optional<Delivery>> find(Tenant tenant, long endpointId, long id) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM webhooks.deliveries"
                + TenantScope.WHERE
                + " AND endpoint_id = $3 AND id = $4")
        .execute(TenantScope.params(tenant, endpointId, id))
        .map(DeliveryRepository::first);
  }

  /** Attempts of a delivery found through {@link #find} (so already tenant-checked). */
  public Uni<List<Attempt>> attempts(long deliveryId) {
    return pool.preparedQuery(
            "SELECT attempt_number, manual, attempted_at, response_status, latency_ms,"
                + " response_body, error FROM webhooks.delivery_attempts WHERE delivery_id = $1"
                + " ORDER BY id")
        .execute(Tuple.of(deliveryId))
        .map(
            rows ->
                stream(rows)
                    .map(
                        r ->
                            new Attempt(
                                r.getInteger("attempt_number"),
                                r.getBoolean("manual"),
                                r.getOffsetDateTime("attempted_at"),
                                r.getInteger("response_status"),
                                r.getInteger("latency_ms"),
                                r.getString("response_body"),
                                r.getString("error")))
                    .toList());
  }

  /** Makes the delivery due now for one more (manual) attempt. */
  public Uni<Optional<Delivery>> replay(Tenant tenant, long endpointId, long id) {
    return pool.preparedQuery(
            "UPDATE webhooks.deliveries SET status = 'pending', next_attempt_at = now(),"
                + " max_attempts = greatest(max_attempts, attempt_count + 1),"
                + " manual_pending = true, updated_at = now()"
                + TenantScope.WHERE
                + " AND endpoint_id = $3 AND id = $4 RETURNING "
                + COLUMNS)
        .execute(TenantScope.params(tenant, endpointId, id))
        .map(DeliveryRepository::first);
  }

  /**
   * Claims up to {@code limit} due deliveries for this replica. {@code FOR UPDATE SKIP LOCKED} lets
   * replicas claim concurrently without waiting on each other or taking the same row; the lease
   * (locked_until) keeps the row ours after the transaction, and brings it back to everyone if this
   * replica dies mid-send. Endpoints already at their in-flight limit here are skipped so their
   * backlog does not crowd out other endpoints.
   */
  public Uni<List<ClaimedDelivery>> claimDue(
      int limit, int perEndpoint, Long[] busyEndpoints, Integer[] busyFree, Duration lease) {
    UUID token = UUID.randomUUID();
    return pool.preparedQuery(
            // ranked: per endpoint at most its free slots here (perEndpoint when idle), so one
            // endpoint's backlog cannot fill the batch. The locking step re-checks each row,
            // since ranked ran unlocked.
            "WITH ranked AS (SELECT id, endpoint_id, row_number() OVER (PARTITION BY endpoint_id"
                + " ORDER BY next_attempt_at, id) AS rn FROM webhooks.deliveries"
                + " WHERE status = 'pending' AND next_attempt_at <= now()"
                + " AND (locked_until IS NULL OR locked_until < now())"
                + "),"
                + " due AS (SELECT d.id FROM webhooks.deliveries d JOIN ranked r ON r.id = d.id"
                + " LEFT JOIN unnest($2::bigint[], $6::int[]) AS u(endpoint_id, free)"
                + " ON u.endpoint_id = r.endpoint_id"
                + " WHERE r.rn <= coalesce(u.free, $5) AND d.status = 'pending'"
                + " AND (d.locked_until IS NULL OR d.locked_until < now())"
                + " ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED),"
                + " claimed AS (UPDATE webhooks.deliveries d"
                + " SET locked_until = now() + make_interval(secs => $3), lease_token = $4"
                + " FROM due WHERE d.id = due.id RETURNING d.id, d.company_id, d.livemode,"
                + " d.endpoint_id, d.event_id, d.payload, d.attempt_count, d.max_attempts,"
                + " d.manual_pending)"
                + " SELECT c.*, e.url, e.enabled, e.secret_encrypted,"
                + " CASE WHEN e.previous_secret_expires_at > now()"
                + " THEN e.previous_secret_encrypted END AS previous_secret"
                + " FROM claimed c JOIN webhooks.endpoints e ON e.id = c.endpoint_id"
                + " ORDER BY c.id")
        .execute(
            Tuple.of(limit, busyEndpoints, lease.toMillis() / 1000.0, token, perEndpoint, busyFree))
        .map(
            rows ->
                stream(rows)
                    .map(
                        r -> {
                          Buffer previous = r.getBuffer("previous_secret");
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
                              previous == null ? null : previous.getBytes());
                        })
                    .toList());
  }

  /** Gives a claimed delivery back without an attempt (no free slot here after all). */
  public Uni<Void> release(ClaimedDelivery d) {
    return pool.preparedQuery(
            "UPDATE webhooks.deliveries SET locked_until = NULL, lease_token = NULL"
                + " WHERE id = $1 AND lease_token = $2")
        .execute(Tuple.of(d.id(), d.leaseToken()))
        .replaceWithVoid();
  }

  /** A claimed delivery whose endpoint was disabled meanwhile: failed without an attempt. */
  public Uni<Void> failWithoutAttempt(ClaimedDelivery d, String error) {
    return pool.preparedQuery(
            "UPDATE webhooks.deliveries SET status = 'failed', next_attempt_at = NULL,"
                + " locked_until = NULL, lease_token = NULL, manual_pending = false,"
                + " last_error = $3, updated_at = now() WHERE id = $1 AND lease_token = $2")
        .execute(Tuple.of(d.id(), d.leaseToken(), error))
        .replaceWithVoid();
  }

  /**
   * Logs the attempt and applies the decision in one transaction, only while we still hold the
   * lease. On success the endpoint's failure clock stops; on failure it starts. A 410, or a final
   * failure of an endpoint that has only failed for {@code disableAfter}, disables the endpoint and
   * writes {@code webhook.disabled} to the outbox in the same transaction.
   */
  public Uni<Boolean> recordOutcome(
      ClaimedDelivery d,
      AttemptResult result,
      RetryPolicy.Decision decision,
      Duration disableAfter) {
    int attempt = d.attemptCount() + 1;
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE webhooks.deliveries SET attempt_count = $3, status = $4,"
                        + " next_attempt_at = CASE WHEN $5::float8 IS NULL THEN NULL"
                        + " ELSE now() + make_interval(secs => $5) END,"
                        + " locked_until = NULL, lease_token = NULL, manual_pending = false,"
                        + " last_error = $6, updated_at = now()"
                        + " WHERE id = $1 AND lease_token = $2")
                .execute(
                    Tuple.of(
                        d.id(),
                        d.leaseToken(),
                        attempt,
                        decision.status(),
                        decision.retryIn() == null ? null : decision.retryIn().toMillis() / 1000.0,
                        result.succeeded() ? null : describe(result)))
                .chain(
                    updated -> {
                      if (updated.rowCount() == 0) {
                        // Lease lost (expired and re-claimed, or endpoint deleted): the other
                        // holder owns the outcome; the extra send is within at-least-once.
                        LOG.warnf("Lost the lease of delivery %d; outcome not recorded", d.id());
                        return Uni.createFrom().item(false);
                      }
                      return insertAttempt(tx, d, attempt, result)
                          .chain(() -> updateEndpoint(tx, d, result, decision, disableAfter))
                          .replaceWith(true);
                    }));
  }

  private Uni<Void> insertAttempt(
      SqlClient tx, ClaimedDelivery d, int attempt, AttemptResult result) {
    return tx.preparedQuery(
            "INSERT INTO webhooks.delivery_attempts (delivery_id, attempt_number, manual,"
                + " attempted_at, response_status, latency_ms, response_body, error)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(
            Tuple.tuple()
                .addLong(d.id())
                .addInteger(attempt)
                .addBoolean(d.manual())
                .addOffsetDateTime(result.attemptedAt())
                .addInteger(result.status())
                .addInteger((int) Math.min(Integer.MAX_VALUE, result.latencyMs()))
                .addString(result.responseExcerpt())
                .addString(result.error()))
        .replaceWithVoid();
  }

  private Uni<Void> updateEndpoint(
      SqlClient tx,
      ClaimedDelivery d,
      AttemptResult result,
      RetryPolicy.Decision decision,
      Duration disableAfter) {
    if (result.succeeded()) {
      return tx.preparedQuery(
              "UPDATE webhooks.endpoints SET failing_since = NULL"
                  + " WHERE id = $1 AND failing_since IS NOT NULL")
          .execute(Tuple.of(d.endpointId()))
          .replaceWithVoid();
    }
    String disableReason;
    String condition;
    if (decision.disableEndpoint()) {
      disableReason = "gone";
      condition = "";
    } else if (DeliveryStatus.FAILED.equals(decision.status())) {
      disableReason = "failing";
      condition = " AND failing_since <= now() - make_interval(secs => $3)";
    } else {
      disableReason = null;
      condition = null;
    }
    Uni<Void> clock =
        tx.preparedQuery(
                "UPDATE webhooks.endpoints SET failing_since = coalesce(failing_since, now())"
                    + " WHERE id = $1")
            .execute(Tuple.of(d.endpointId()))
            .replaceWithVoid();
    if (disableReason == null) {
      return clock;
    }
    return clock
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE webhooks.endpoints SET enabled = false, disabled_reason = $2,"
                            + " updated_at = now() WHERE id = $1 AND enabled"
                            + condition
                            + " RETURNING id, company_id, livemode, url")
                    .execute(
                        condition.isEmpty()
                            ? Tuple.of(d.endpointId(), disableReason)
                            : Tuple.of(
                                d.endpointId(), disableReason, disableAfter.toMillis() / 1000.0)))
        .chain(
            rows -> {
              if (rows.rowCount() == 0) {
                return Uni.createFrom().voidItem();
              }
              Row row = rows.iterator().next();
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("endpoint_id", row.getLong("id"));
              data.put("url", row.getString("url"));
              data.put("reason", disableReason);
              LOG.infof("Disabled webhook endpoint %d (%s)", row.getLong("id"), disableReason);
              return outbox.append(
                  tx,
                  EventTopics.WEBHOOKS,
                  EventEnvelope.of(
                      EventCatalog.WEBHOOK_DISABLED,
                      row.getLong("company_id"),
                      row.getBoolean("livemode"),
                      data));
            });
  }

  private static String describe(AttemptResult result) {
    if (result.error() != null) {
      return result.error();
    }
    return "HTTP " + result.status();
  }

  private static Optional<Delivery> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(toDelivery(it.next())) : Optional.empty();
  }

  private static java.util.stream.Stream<Row> stream(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false);
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
