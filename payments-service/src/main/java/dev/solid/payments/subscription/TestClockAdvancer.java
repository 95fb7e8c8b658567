package dev.solid.payments.subscription;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Advances test clocks. An advance is asynchronous, as Stripe's: the clock turns {@code advancing},
 * and a worker runs every transition of its subscriptions that falls due up to the target, one at a
 * time in time order (each at its own time, the clock moved to it), each charge finished before the
 * next transition; then the clock is at the target and {@code ready}. The worker holds a lease on
 * the clock; after a restart any replica takes an unfinished advance over ({@link
 * #resumeOrphaned}), and since transitions only move forward, none runs twice.
 */
@ApplicationScoped
public class TestClockAdvancer {
  private static final Logger LOG = Logger.getLogger(TestClockAdvancer.class);
  private static final Duration LEASE = Duration.ofSeconds(60);

  /** The farthest one advance may go (Stripe allows two billing intervals; this is generous). */
  static final Duration MAX_ADVANCE = Duration.ofDays(3 * 366);

  /** A guard against a transition that does not move its subscription on. */
  static final int MAX_STEPS = 20_000;

  private final Pool pool;
  private final TestClockRepository clocks;
  private final SubscriptionRepository subscriptions;
  private final SubscriptionLifecycle lifecycle;
  private final Provider<SubscriptionService> service;

  public TestClockAdvancer(
      Pool pool,
      TestClockRepository clocks,
      SubscriptionRepository subscriptions,
      SubscriptionLifecycle lifecycle,
      Provider<SubscriptionService> service) {
    this.pool = pool;
    this.clocks = clocks;
    this.subscriptions = subscriptions;
    this.lifecycle = lifecycle;
    this.service = service;
  }

  /** Starts advancing the clock to {@code to}; answers the clock {@code advancing}. */
  public Uni<TestClock> advance(Tenant tenant, long id, Instant to) {
    return pool.withTransaction(
            tx ->
                clocks
                    .lock(tx, tenant, id)
                    .chain(
                        clock -> {
                          if (clock == null) {
                            throw ApiException.notFound("test clock");
                          }
                          if (!"ready".equals(clock.status())) {
                            throw new ApiException(
                                    ErrorCode.INVALID_STATE,
                                    "Test clock " + id + " is advancing; wait until it is ready")
                                .member("status", clock.status());
                          }
                          if (!to.isAfter(clock.frozenAt())) {
                            throw ApiException.validation(
                                new ProblemDetail(
                                    "frozen_time", "not_after_current", to.getEpochSecond()),
                                "Field 'frozen_time' must be after the clock's current time ("
                                    + clock.frozenTime()
                                    + "); clocks only move forward");
                          }
                          if (Duration.between(clock.frozenAt(), to).compareTo(MAX_ADVANCE) > 0) {
                            throw ApiException.validation(
                                new ProblemDetail("frozen_time", "too_far", to.getEpochSecond()),
                                "Field 'frozen_time' is more than 3 years ahead; advance in steps");
                          }
                          return clocks.startAdvance(tx, tenant, id, to);
                        }))
        .invoke(
            clock ->
                drive(tenant, clock.id())
                    .subscribe()
                    .with(
                        ignored -> {},
                        failure ->
                            LOG.warnf(
                                failure,
                                "Advance of test clock %d stopped; it resumes on the next tick",
                                id)));
  }

  /** Runs the clock's advance to its end, unless another worker holds it. */
  Uni<Void> drive(Tenant tenant, long clockId) {
    return pool.withTransaction(tx -> clocks.claim(tx, tenant, clockId, LEASE))
        .chain(
            clock -> {
              if (clock == null) {
                return Uni.createFrom().voidItem();
              }
              return steps(tenant, clock, 0);
            });
  }

  private Uni<Void> steps(Tenant tenant, TestClock clock, int done) {
    if (done >= MAX_STEPS) {
      LOG.errorf("Test clock %d ran %d transitions without reaching its target", clock.id(), done);
      return pool.withTransaction(tx -> clocks.finish(tx, tenant, clock.id()));
    }
    return pool.withTransaction(
            tx ->
                subscriptions
                    .nextOnClock(tx, tenant, clock.id(), clock.advancingTo())
                    .chain(
                        s -> {
                          if (s == null) {
                            return clocks
                                .finish(tx, tenant, clock.id())
                                .replaceWith((SubscriptionLifecycle.Stepped) null);
                          }
                          Instant at = s.nextActionAt();
                          return clocks
                              .moveTo(tx, tenant, clock.id(), at)
                              .chain(() -> lifecycle.step(tx, tenant, s, at));
                        }))
        .chain(
            stepped ->
                stepped == null
                    ? Uni.createFrom().voidItem()
                    : service
                        .get()
                        .chargeAfterCommit(stepped)
                        .chain(() -> steps(tenant, clock, done + 1)));
  }

  /** Takes over advances whose worker is gone. */
  public Uni<Void> resumeOrphaned() {
    return pool.withConnection(db -> clocks.orphaned(db, 20))
        .onItem()
        .transformToMulti(list -> Multi.createFrom().iterable(list))
        .onItem()
        .transformToUniAndConcatenate(
            clock -> drive(new Tenant(clock.companyId(), clock.livemode()), clock.id()))
        .collect()
        .asList()
        .replaceWithVoid();
  }
}
