package dev.solid.payments.subscription;

import dev.solid.common.caller.Tenant;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the due transitions of real-time subscriptions (trial ends, renewals, dunning retries,
 * expiries). Due rows are claimed with {@code FOR UPDATE SKIP LOCKED} in the transaction that runs
 * their transition, and a transition moves {@code next_action_at} on, so replicas share the work
 * and a restart never bills a period twice; the charges run after commit (an interrupted one is
 * finished by the charge recovery job, and its outcome still reaches the subscription).
 */
@ApplicationScoped
public class SubscriptionScheduler {
  private static final Logger LOG = Logger.getLogger(SubscriptionScheduler.class);
  static final int BATCH = 500;
  static final int WORKERS = 4;

  private final Pool pool;
  private final SubscriptionRepository subscriptions;
  private final SubscriptionLifecycle lifecycle;
  private final SubscriptionService service;
  private final TestClockAdvancer clocks;

  public SubscriptionScheduler(
      Pool pool,
      SubscriptionRepository subscriptions,
      SubscriptionLifecycle lifecycle,
      SubscriptionService service,
      TestClockAdvancer clocks) {
    this.pool = pool;
    this.subscriptions = subscriptions;
    this.lifecycle = lifecycle;
    this.service = service;
    this.clocks = clocks;
  }

  @Scheduled(
      every = "${solid.payments.subscriptions.interval:10s}",
      delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> tick() {
    return drainDue().chain(clocks::resumeOrphaned);
  }

  /**
   * Runs batches of {@value #BATCH} (each at a fresh now) until one comes back short. One batch a
   * tick left the workers idle until the next tick whenever more were due, as at a period start
   * with thousands of renewals: 11% of the time at a 1 s interval, more at the default 10 s (see
   * BENCHMARK.md). A short batch means nothing more was due, or a transition failed.
   */
  private Uni<Void> drainDue() {
    return runDue(Instant.now(), BATCH)
        .chain(ran -> ran < BATCH ? Uni.createFrom().voidItem() : drainDue());
  }

  /**
   * Runs up to {@code limit} due transitions at {@code now}, {@value #WORKERS} at a time: each
   * worker claims one due subscription (skipping those another holds), runs its transition in that
   * transaction, charges after commit, and goes on until none is due. How many ran.
   */
  public Uni<Integer> runDue(Instant now, int limit) {
    java.util.concurrent.atomic.AtomicInteger budget =
        new java.util.concurrent.atomic.AtomicInteger(limit);
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    List<Uni<Void>> workers = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      workers.add(work(now, budget, ran));
    }
    return Uni.join()
        .all(workers)
        .andCollectFailures()
        .onFailure()
        .invoke(failure -> LOG.warnf("Subscription scheduler: %s", failure.getMessage()))
        .onFailure()
        .recoverWithNull()
        .map(ignored -> ran.get());
  }

  private Uni<Void> work(
      Instant now,
      java.util.concurrent.atomic.AtomicInteger budget,
      java.util.concurrent.atomic.AtomicInteger ran) {
    if (budget.getAndDecrement() <= 0) {
      return Uni.createFrom().voidItem();
    }
    return pool.withTransaction(
            tx ->
                subscriptions
                    .claimDue(tx, now, 1)
                    .chain(
                        due -> {
                          if (due.isEmpty()) {
                            return Uni.createFrom().item((SubscriptionLifecycle.Stepped) null);
                          }
                          Subscription s = due.get(0);
                          return lifecycle.step(
                              tx, new Tenant(s.companyId(), s.livemode()), s, now);
                        }))
        .chain(
            stepped -> {
              if (stepped == null) {
                return Uni.createFrom().voidItem();
              }
              ran.incrementAndGet();
              return service
                  .chargeAfterCommit(stepped)
                  .replaceWithVoid()
                  .chain(() -> work(now, budget, ran));
            });
  }
}
