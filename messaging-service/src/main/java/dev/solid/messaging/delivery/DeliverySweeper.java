package dev.solid.messaging.delivery;

import dev.solid.messaging.config.MessagingConfig;
import dev.solid.messaging.message.Message;
import dev.solid.messaging.message.MessageEvents;
import dev.solid.messaging.message.MessageRepository;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Repairs what a lost command or a dead worker leaves behind, periodically:
 *
 * <ul>
 *   <li>A message {@code sending} for longer than the lease: its worker died between the claim and
 *       the outcome, and the provider may or may not have the message. It becomes {@code failed}
 *       with {@code provider_outcome_unknown} and is <b>never sent again</b>: as in the worker, a
 *       possibly missing message is preferred to a possibly duplicated one.
 *   <li>A message {@code queued} for longer than the re-queue age: its delivery command was lost
 *       (the relay's publish or the worker's read failed and the offset moved on, or the database
 *       was down when the command arrived). Its command is published again through the outbox. A
 *       late original and the copy cannot both send: the worker's queued → sending claim lets one
 *       through.
 * </ul>
 *
 * Both run in the transaction that changes the rows, with their events (message.failed, the job's
 * count) or their command, so a crash mid-sweep leaves nothing half done. Sweeps come from
 * quarkus-scheduler every {@code solid.messaging.sweeper.interval}; a slow sweep makes the next one
 * skip, not pile up; replicas sweep side by side ({@code SKIP LOCKED}, conditional updates).
 */
@ApplicationScoped
public class DeliverySweeper {
  private static final Logger LOG = Logger.getLogger(DeliverySweeper.class);

  private final Pool pool;
  private final MessageRepository messages;
  private final MessageEvents events;
  private final DeliveryOutcomes outcomes;
  private final MessagingConfig config;

  public DeliverySweeper(
      Pool pool,
      MessageRepository messages,
      MessageEvents events,
      DeliveryOutcomes outcomes,
      MessagingConfig config) {
    this.pool = pool;
    this.messages = messages;
    this.events = events;
    this.outcomes = outcomes;
    this.config = config;
  }

  /** Skips every sweep while {@code solid.messaging.sweeper.enabled} is false. */
  @Singleton
  public static class Disabled implements Scheduled.SkipPredicate {
    private final MessagingConfig config;

    public Disabled(MessagingConfig config) {
      this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
      return !config.sweeper().enabled();
    }
  }

  @Scheduled(
      identity = "delivery-sweeper",
      every = "${solid.messaging.sweeper.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Disabled.class)
  Uni<Void> scheduledSweep() {
    return sweep()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("Delivery sweep failed: %s", e.getMessage());
              return 0;
            })
        .replaceWithVoid();
  }

  /** One sweep: fails abandoned sends, re-publishes lost commands; answers how many it touched. */
  public Uni<Integer> sweep() {
    MessagingConfig.Sweeper sweeper = config.sweeper();
    return pool.withTransaction(
            db ->
                messages
                    .failAbandoned(
                        db,
                        sweeper.sendingLease(),
                        DeliveryWorker.OUTCOME_UNKNOWN,
                        sweeper.batchSize())
                    .call(failed -> each(failed, done -> outcomes.recorded(db, done)))
                    .invoke(
                        failed -> {
                          if (!failed.isEmpty()) {
                            LOG.warnf(
                                "Failed %d message(s) left sending beyond the lease (outcome"
                                    + " unknown, not re-sent)",
                                failed.size());
                          }
                        }))
        .chain(
            failed ->
                pool.withTransaction(
                        db ->
                            messages
                                .touchStaleQueued(db, sweeper.requeueAfter(), sweeper.batchSize())
                                .call(stale -> each(stale, m -> events.deliver(db, m))))
                    .invoke(
                        stale -> {
                          if (!stale.isEmpty()) {
                            LOG.infof(
                                "Re-published the delivery command of %d message(s) left queued",
                                stale.size());
                          }
                        })
                    .map(stale -> failed.size() + stale.size()));
  }

  private static Uni<Void> each(List<Message> list, Function<Message, Uni<Void>> action) {
    return Multi.createFrom()
        .iterable(list)
        .onItem()
        .transformToUniAndConcatenate(m -> action.apply(m))
        .collect()
        .last()
        .replaceWithVoid();
  }
}
