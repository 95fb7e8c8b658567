package dev.solid.kit.events;

import dev.solid.common.event.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Applies a consumed event exactly once, for consumers on the reactive SQL client: the dedupe row
 * and the consumer's changes commit in one transaction, so a redelivered event (a rebalance, a
 * restart before the offset commit) changes nothing. A database blip is retried with backoff; an
 * event that still fails after {@code solid.events.max-attempts} is logged with its id and type and
 * skipped, so one poison event cannot stall its partition. A null event (a record that was not an
 * envelope, see {@link EventEnvelopeDeserializer}) is skipped.
 *
 * <pre>{@code
 * @Incoming("crm-events")
 * public Uni<Void> onEvent(EventEnvelope event) {
 *   return consumption.once(pool, "contact-projection", event, db -> apply(db, event));
 * }
 * }</pre>
 */
@ApplicationScoped
public class EventConsumption {
  private static final Logger LOG = Logger.getLogger(EventConsumption.class);

  private final ProcessedEvents processed;
  private final EventsConfig config;

  public EventConsumption(ProcessedEvents processed, EventsConfig config) {
    this.processed = processed;
    this.config = config;
  }

  /** Runs {@code apply} in a transaction with the event's dedupe row, unless already applied. */
  public Uni<Void> once(
      Pool pool, String consumer, EventEnvelope event, Function<SqlClient, Uni<Void>> apply) {
    if (event == null) {
      return Uni.createFrom().voidItem();
    }
    return withRetries(
        consumer,
        event,
        () ->
            pool.withTransaction(
                db ->
                    processed
                        .firstTime(db, consumer, event.id())
                        .chain(first -> first ? apply.apply(db) : skipDuplicate(consumer, event))));
  }

  /**
   * Runs {@code work} with the kit's retry policy: backoff from {@code solid.events.retry-backoff}
   * doubling to 2 s, at most {@code solid.events.max-attempts} attempts, then logged and skipped.
   * For consumers whose own writes are idempotent (a unique key per event) and need no dedupe row.
   */
  public Uni<Void> withRetries(String consumer, EventEnvelope event, Supplier<Uni<Void>> work) {
    if (event == null) {
      return Uni.createFrom().voidItem();
    }
    return Uni.createFrom()
        .<Void>deferred(() -> work.get())
        .onFailure()
        .invoke(
            e ->
                LOG.warnf(
                    "%s could not apply %s (%s, company %d), retrying: %s",
                    consumer, event.id(), event.event(), event.companyId(), e.toString()))
        .onFailure()
        .retry()
        .withBackOff(config.retryBackoff(), Duration.ofSeconds(2))
        .atMost(Math.max(0, config.maxAttempts() - 1))
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.errorf(
                  e,
                  "%s gave up on %s (%s, company %d) after %d attempts; the event is skipped",
                  consumer,
                  event.id(),
                  event.event(),
                  event.companyId(),
                  config.maxAttempts());
              return Uni.createFrom().voidItem();
            });
  }

  static Uni<Void> skipDuplicate(String consumer, EventEnvelope event) {
    LOG.debugf("%s already applied %s; redelivery ignored", consumer, event.id());
    return Uni.createFrom().voidItem();
  }
}
