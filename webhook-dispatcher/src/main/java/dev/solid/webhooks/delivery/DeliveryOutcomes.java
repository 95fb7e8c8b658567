package dev.solid.webhooks.delivery;

import dev.solid.kit.tenant.TenantSql;
import dev.solid.webhooks.endpoint.EndpointAutoDisable;
import dev.solid.webhooks.endpoint.EndpointHealth;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes what attempts produced: the attempt log, the delivery's next state, and through {@link
 * EndpointHealth} and {@link EndpointAutoDisable} what the outcome means for its endpoint, in one
 * transaction. Only the holder of a delivery's lease writes its outcome: every statement matches
 * the row by id and lease token, across tenants (see {@link DeliveryClaims}).
 */
@ApplicationScoped
public class DeliveryOutcomes {
  private static final Logger LOG = Logger.getLogger(DeliveryOutcomes.class);
  private static final String BY_LEASE =
      "an outcome is written by delivery id and the lease token this replica holds";
  private static final String LOGGED =
      "the attempts of deliveries whose lease this transaction just checked";

  /**
   * True in an outcome write (which matches the row by its lease token) when a replay was asked for
   * under this very lease; SET expressions read the row as it was before the update.
   */
  private static final String REPLAY_FOR_THIS_LEASE =
      "coalesce(replay_for_lease = lease_token, false)";

  private final Pool pool;
  private final EndpointHealth health;
  private final EndpointAutoDisable autoDisable;

  public DeliveryOutcomes(Pool pool, EndpointHealth health, EndpointAutoDisable autoDisable) {
    this.pool = pool;
    this.health = health;
    this.autoDisable = autoDisable;
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
   * The SET list of an outcome write, shared by {@link #recordOutcome} and {@link #recordOutcomes}:
   * each argument is the SQL expression for that value. A replay asked for under this lease leaves
   * the row pending and due at once with room for one more attempt; {@code replay_requested} is
   * still cleared for replicas of the previous release (see {@link DeliveryRepository#replay}).
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
            TenantSql.crossTenant(
                    tx,
                    BY_LEASE,
                    "UPDATE webhooks.deliveries"
                        + outcomeSet("$3", "$4", "$5::float8", "$6")
                        + " WHERE id = $1 AND lease_token = $2",
                    d.id(),
                    d.leaseToken(),
                    attempt,
                    decision.status(),
                    seconds(decision.retryIn()),
                    result.succeeded() ? null : describe(result))
                .chain(
                    updated -> {
                      if (updated.rowCount() == 0) {
                        // Lease lost (expired and re-claimed, or endpoint deleted): the other
                        // holder owns the outcome; the extra send is within at-least-once.
                        LOG.warnf("Lost the lease of delivery %d; outcome not recorded", d.id());
                        return Uni.createFrom().item(false);
                      }
                      return insertAttempts(tx, List.of(new Outcome(d, result, decision)))
                          .chain(() -> updateEndpoint(tx, d, result, decision, disableAfter))
                          .replaceWith(true);
                    }));
  }

  /**
   * Writes many outcomes that cannot disable an endpoint (successes and scheduled retries) in one
   * transaction of three statements, instead of one transaction of three or four statements each.
   * As in {@link #recordOutcome}, only rows whose lease we still hold are written; returns their
   * ids. The endpoints' failure clocks end as they would have, written one by one in this order: a
   * success last clears it, a failure after a success in the batch restarts it, failures only start
   * it if it was not running.
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
      retryIn[i] = seconds(o.decision().retryIn());
      errors[i] = o.result().succeeded() ? null : describe(o.result());
    }
    return pool.withTransaction(
        tx ->
            TenantSql.crossTenant(
                    tx,
                    BY_LEASE,
                    "UPDATE webhooks.deliveries d"
                        + outcomeSet("u.attempt", "u.status", "u.retry_in", "u.error")
                        + " FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::text[],"
                        + " $5::float8[], $6::text[]) AS u(id, token, attempt, status, retry_in,"
                        + " error) WHERE d.id = u.id AND d.lease_token = u.token RETURNING d.id",
                    ids,
                    tokens,
                    attempts,
                    statuses,
                    retryIn,
                    errors)
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
                          .chain(() -> health.apply(tx, clocks(kept)))
                          .replaceWith(written);
                    }));
  }

  /** Per endpoint, in batch order, what the outcomes do to its failure clock. */
  private static SortedMap<Long, EndpointHealth.Clock> clocks(List<Outcome> outcomes) {
    SortedMap<Long, EndpointHealth.Clock> clocks = new TreeMap<>();
    for (Outcome o : outcomes) {
      long endpoint = o.delivery().endpointId();
      clocks.put(
          endpoint, EndpointHealth.Clock.after(clocks.get(endpoint), o.result().succeeded()));
    }
    return clocks;
  }

  private Uni<Void> updateEndpoint(
      SqlClient tx,
      ClaimedDelivery d,
      AttemptResult result,
      RetryPolicy.Decision decision,
      Duration disableAfter) {
    if (result.succeeded()) {
      return health.succeeded(tx, d.endpointId());
    }
    Uni<Void> clock = health.failed(tx, d.endpointId());
    if (decision.disableEndpoint()) {
      return clock.chain(() -> autoDisable.gone(tx, d.endpointId()));
    }
    if (DeliveryStatus.FAILED.equals(decision.status())) {
      return clock.chain(() -> autoDisable.ifFailingFor(tx, d.endpointId(), disableAfter));
    }
    return clock;
  }

  private static Uni<Void> insertAttempts(SqlClient tx, List<Outcome> outcomes) {
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
    return TenantSql.crossTenant(
            tx,
            LOGGED,
            "INSERT INTO webhooks.delivery_attempts (delivery_id, attempt_number, manual,"
                + " attempted_at, response_status, latency_ms, response_body, error)"
                + " SELECT * FROM unnest($1::bigint[], $2::int[], $3::bool[], $4::timestamptz[],"
                + " $5::int[], $6::int[], $7::text[], $8::text[])",
            ids,
            numbers,
            manual,
            at,
            statuses,
            latencies,
            bodies,
            errors)
        .replaceWithVoid();
  }

  private static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }

  private static String describe(AttemptResult result) {
    if (result.error() != null) {
      return result.error();
    }
    return "HTTP " + result.status();
  }
}
