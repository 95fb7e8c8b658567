package dev.solid.webhooks.delivery;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs the dispatcher's claim rounds one at a time. Rounds are asked for from two places: the
 * scheduler's poll (due retries) and {@link DeliveryDispatcher#wake} (new deliveries, a freed
 * in-flight slot), so the scheduler's {@code SKIP} alone, which only keeps scheduled executions
 * apart, cannot keep them from overlapping. Two rounds at once would each see the same free slots
 * and claim twice as much as this replica may send. A request that comes while a round runs is not
 * dropped: the round runs once more when it ends, so a delivery recorded during a claim still goes
 * out at once instead of at the next poll.
 *
 * <p>Hand-written (two flags) because neither the scheduler nor Mutiny offers "at most one at a
 * time, and once more if asked meanwhile"; it is per-process state of the sender by design, like
 * {@link InFlight}.
 */
final class ClaimRounds {
  private static final Logger LOG = Logger.getLogger(ClaimRounds.class);

  /** One claim round; true when it should run again at once (it filled every free slot). */
  private final Supplier<Uni<Boolean>> round;

  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean requested = new AtomicBoolean();

  ClaimRounds(Supplier<Uni<Boolean>> round) {
    this.round = round;
  }

  /**
   * Asks for a round. Completes when the rounds this call started are over, or at once when a round
   * is already running (that one runs again for this request). Never fails: a failed round is
   * logged, and the next poll or wake tries again.
   */
  Uni<Void> request() {
    requested.set(true);
    return drain();
  }

  private Uni<Void> drain() {
    if (!running.compareAndSet(false, true)) {
      return Uni.createFrom().voidItem();
    }
    return Multi.createBy()
        .repeating()
        .uni(this::next)
        .whilst(again -> again)
        .onItem()
        .ignoreAsUni()
        .onTermination()
        .invoke(
            () -> {
              running.set(false);
              // A request that came after the last round checked for one, but before the flag was
              // cleared, found a round running and returned: serve it now.
              if (requested.get()) {
                drain().subscribe().with(v -> {}, e -> {});
              }
            });
  }

  private Uni<Boolean> next() {
    requested.set(false);
    return Uni.createFrom()
        .deferred(round::get)
        .map(again -> again || requested.get())
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("Claiming due deliveries failed: %s", e.getMessage());
              return false;
            });
  }
}
