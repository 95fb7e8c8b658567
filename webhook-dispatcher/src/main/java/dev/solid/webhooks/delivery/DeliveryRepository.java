package dev.solid.webhooks.delivery;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTopics;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.outbox.OutboxWriter;
import dev.solid.webhooks.endpoint.EventCatalog;
import dev.solid.webhooks.tenant.TenantScope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
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

  /**
   * True in an outcome write (which matches the row by its lease token) when a replay was asked for
   * under this very lease; SET expressions read the row as it was before the update.
   */
  private static final String REPLAY_FOR_THIS_LEASE =
      "coalesce(replay_for_lease = lease_token, false)";

  /**
   * The SET list of an outcome write, shared by {@link #recordOutcome} and {@link #recordOutcomes}:
   * each argument is the SQL expression for that value. A replay asked for under this lease leaves
   * the row pending and due at once with room for one more attempt; {@code replay_requested} is
   * still cleared for replicas of the previous release (see {@link #replay}).
   */
  private static String outcomeSet(String attempt, String status, String retryIn, String error) {
    return " SET attempt_count = "
        + attempt
        + ", status = CASE WHEN "
        + REPLAY_FOR_THIS_LEASE
        + " THEN 'pending' ELSE "
        + status
        + " END, next_attempt_at = CASE WHEN "
        + REPLAY_FOR_THIS_LEASE
        + " THEN now() WHEN "
        + retryIn
        + " IS NULL THEN NULL ELSE now() + make_interval(secs => "
        + retryIn
        + ") END, max_attempts = CASE WHEN "
        + REPLAY_FOR_THIS_LEASE
        + " THEN greatest(max_attempts, "
        + attempt
        + " + 1) ELSE max_attempts END, manual_pending = "
        + REPLAY_FOR_THIS_LEASE
        + ", replay_for_lease = NULL, replay_requested = false,"
        + " locked_until = NULL, lease_token = NULL, last_error = "
        + error
        + ", updated_at = now()";
  }

  private final Pool pool;
  private final OutboxWriter outbox;

  public DeliveryRepository(Pool pool, OutboxWriter outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  /** One event to fan out: its tenant, id, type and the exact bytes receivers will get. */
  public record NewEvent(Tenant tenant, String eventId, String eventType, byte[] payload) {}

  /**
   * {@link #fanOut} for a batch of Kafka records in one statement. Each event is matched only with
   * endpoints of its own company and mode (the join on company_id and livemode is the tenant scope
   * here: the event carries its tenant, there is no caller). Rows are inserted in event order, and
   * the unique (event_id, endpoint_id) makes redelivered records, in this batch or an earlier one,
   * no-ops. Returns how many deliveries are new.
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
    return pool.preparedQuery(
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
                + " ON CONFLICT (event_id, endpoint_id) DO NOTHING")
        .execute(
            Tuple.tuple()
                .addArrayOfLong(companies)
                .addArrayOfBoolean(modes)
                .addArrayOfString(ids)
                .addArrayOfString(types)
                .addValue(payloads)
                .addInteger(maxAttempts)
                .addDouble(firstDelay.toMillis() / 1000.0))
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
                tenant, endpointId, eventId, eventType, Buffer.buffer(payload), maxAttempts))
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

  /**
   * Makes the delivery due now for one more (manual) attempt. When a lease is held (an attempt may
   * be in flight), its outcome must not overwrite this: {@code replay_for_lease} names that lease,
   * and only the outcome written under it logs the attempt but leaves the delivery pending and due
   * at once. The lease is kept, so the replay is sent after the attempt in flight ends, never
   * beside it. Any other end of that lease clears the mark, since the row is already pending and
   * due: {@link #release} (no attempt was made), a new claim (the lease was lost; the new holder's
   * attempt is the replay). So a replay is exactly one more send.
   *
   * <p>{@code replay_requested} is no longer read; it is kept up to date for replicas of the
   * previous release during a rolling upgrade (see V4).
   */
  public Uni<Optional<Delivery>> replay(Tenant tenant, long endpointId, long id) {
    return pool.preparedQuery(
            "UPDATE webhooks.deliveries SET status = 'pending', next_attempt_at = now(),"
                + " max_attempts = greatest(max_attempts, attempt_count + 1),"
                + " manual_pending = true,"
                + " replay_for_lease = lease_token,"
                + " replay_requested = (lease_token IS NOT NULL AND locked_until > now()),"
                + " updated_at = now()"
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
    return pool.preparedQuery(
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
                + " ORDER BY c.id")
        .execute(
            Tuple.of(limit, busyEndpoints, lease.toMillis() / 1000.0, token, perEndpoint, busyFree))
        .map(
            rows ->
                stream(rows)
                    .map(
                        r -> {
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
                              previous == null
                                  ? List.of()
                                  : Arrays.stream(previous).map(Buffer::getBytes).toList());
                        })
                    .toList());
  }

  /**
   * Gives a claimed delivery back without an attempt (no free slot here after all). A replay asked
   * for under this lease is already served by the row being pending and due: its mark goes too.
   */
  public Uni<Void> release(ClaimedDelivery d) {
    return pool.preparedQuery(
            "UPDATE webhooks.deliveries SET locked_until = NULL, lease_token = NULL,"
                + " replay_for_lease = NULL, replay_requested = false"
                + " WHERE id = $1 AND lease_token = $2")
        .execute(Tuple.of(d.id(), d.leaseToken()))
        .replaceWithVoid();
  }

  /** A claimed delivery whose endpoint was disabled meanwhile: failed without an attempt. */
  public Uni<Void> failWithoutAttempt(ClaimedDelivery d, String error) {
    return pool.preparedQuery(
            "UPDATE webhooks.deliveries SET status = 'failed', next_attempt_at = NULL,"
                + " locked_until = NULL, lease_token = NULL, manual_pending = false,"
                + " replay_for_lease = NULL, replay_requested = false,"
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
                    "UPDATE webhooks.deliveries"
                        + outcomeSet("$3", "$4", "$5::float8", "$6")
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

  /** An attempt's result with the retry decision, waiting to be written. */
  public record Outcome(
      ClaimedDelivery delivery, AttemptResult result, RetryPolicy.Decision decision) {
    /** A final failure or a 410 may disable the endpoint: written alone by recordOutcome. */
    public boolean mayDisableEndpoint() {
      return decision.disableEndpoint() || DeliveryStatus.FAILED.equals(decision.status());
    }
  }

  /**
   * Writes many outcomes that cannot disable an endpoint (successes and scheduled retries) in one
   * transaction of three statements, instead of one transaction of three or four statements each.
   * As in {@link #recordOutcome}, only rows whose lease we still hold are written; returns their
   * ids. The endpoints' failure clocks end as they would have, written one by one in this order: a
   * success last clears it, a failure after a success in the batch restarts it, failures only start
   * it if it was not running. Endpoint rows are locked in id order so two replicas' batches cannot
   * deadlock.
   */
  public Uni<Set<Long>> recordOutcomes(List<Outcome> outcomes) {
    int n = outcomes.size();
    Long[] ids = new Long[n];
    UUID[] tokens = new UUID[n];
    Integer[] attempts = new Integer[n];
    String[] statuses = new String[n];
    Double[] retryIn = new Double[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      Outcome o = outcomes.get(i);
      ids[i] = o.delivery().id();
      tokens[i] = o.delivery().leaseToken();
      attempts[i] = o.delivery().attemptCount() + 1;
      statuses[i] = o.decision().status();
      retryIn[i] =
          o.decision().retryIn() == null ? null : o.decision().retryIn().toMillis() / 1000.0;
      errors[i] = o.result().succeeded() ? null : describe(o.result());
    }
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE webhooks.deliveries d"
                        + outcomeSet("u.attempt", "u.status", "u.retry_in", "u.error")
                        + " FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::text[],"
                        + " $5::float8[], $6::text[]) AS u(id, token, attempt, status, retry_in,"
                        + " error) WHERE d.id = u.id AND d.lease_token = u.token RETURNING d.id")
                .execute(Tuple.of(ids, tokens, attempts, statuses, retryIn, errors))
                .chain(
                    rows -> {
                      Set<Long> written = new HashSet<>();
                      rows.forEach(r -> written.add(r.getLong(0)));
                      if (written.size() < n) {
                        LOG.warnf(
                            "Lost the lease of %d deliveries; their outcomes not recorded",
                            n - written.size());
                      }
                      List<Outcome> kept =
                          outcomes.stream()
                              .filter(o -> written.contains(o.delivery().id()))
                              .toList();
                      if (kept.isEmpty()) {
                        return Uni.createFrom().item(written);
                      }
                      return insertAttempts(tx, kept)
                          .chain(() -> updateFailureClocks(tx, kept))
                          .replaceWith(written);
                    }));
  }

  private Uni<Void> insertAttempts(SqlClient tx, List<Outcome> outcomes) {
    int n = outcomes.size();
    Long[] ids = new Long[n];
    Integer[] numbers = new Integer[n];
    Boolean[] manual = new Boolean[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    Integer[] statuses = new Integer[n];
    Integer[] latencies = new Integer[n];
    String[] bodies = new String[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      Outcome o = outcomes.get(i);
      ids[i] = o.delivery().id();
      numbers[i] = o.delivery().attemptCount() + 1;
      manual[i] = o.delivery().manual();
      at[i] = o.result().attemptedAt();
      statuses[i] = o.result().status();
      latencies[i] = (int) Math.min(Integer.MAX_VALUE, o.result().latencyMs());
      bodies[i] = o.result().responseExcerpt();
      errors[i] = o.result().error();
    }
    return tx.preparedQuery(
            "INSERT INTO webhooks.delivery_attempts (delivery_id, attempt_number, manual,"
                + " attempted_at, response_status, latency_ms, response_body, error)"
                + " SELECT * FROM unnest($1::bigint[], $2::int[], $3::bool[], $4::timestamptz[],"
                + " $5::int[], $6::int[], $7::text[], $8::text[])")
        .execute(
            Tuple.tuple()
                .addArrayOfLong(ids)
                .addArrayOfInteger(numbers)
                .addArrayOfBoolean(manual)
                .addArrayOfOffsetDateTime(at)
                .addArrayOfInteger(statuses)
                .addArrayOfInteger(latencies)
                .addArrayOfString(bodies)
                .addArrayOfString(errors))
        .replaceWithVoid();
  }

  private Uni<Void> updateFailureClocks(SqlClient tx, List<Outcome> outcomes) {
    // Per endpoint, in batch order: "clear" (last outcome a success), "restart" (a failure after a
    // success), "start" (failures only).
    Map<Long, String> ops = new TreeMap<>();
    for (Outcome o : outcomes) {
      long endpoint = o.delivery().endpointId();
      String previous = ops.get(endpoint);
      if (o.result().succeeded()) {
        ops.put(endpoint, "clear");
      } else {
        ops.put(endpoint, previous == null || "start".equals(previous) ? "start" : "restart");
      }
    }
    Long[] endpoints = ops.keySet().toArray(Long[]::new);
    String[] what = ops.values().toArray(String[]::new);
    return tx.preparedQuery(
            "WITH locked AS (SELECT id FROM webhooks.endpoints WHERE id = ANY($1)"
                + " ORDER BY id FOR UPDATE)"
                + " UPDATE webhooks.endpoints e SET failing_since = CASE u.op"
                + " WHEN 'clear' THEN NULL WHEN 'restart' THEN now()"
                + " ELSE coalesce(e.failing_since, now()) END"
                + " FROM unnest($1::bigint[], $2::text[]) AS u(id, op), locked l"
                + " WHERE e.id = u.id AND l.id = u.id"
                + " AND (u.op <> 'clear' OR e.failing_since IS NOT NULL)")
        .execute(Tuple.of(endpoints, what))
        .replaceWithVoid();
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

  private static Stream<Row> stream(RowSet<Row> rows) {
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
