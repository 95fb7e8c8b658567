package dev.solid.webhooks.delivery;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Coalesces outcome writes: while one batch is being written, the outcomes that finish meanwhile
 * queue up and go together in the next transaction. Nothing waits for a timer, so a lone outcome is
 * written at once; under load a batch holds whatever finished during the previous write.
 * Thread-safe; part of the sender's per-process state, like {@link InFlight}.
 *
 * <p>Not a {@code @Scheduled} flush: a timer would make every outcome wait for its tick (or, with a
 * short tick, poll an empty queue all day). What batching needs is "write now, and whatever arrives
 * meanwhile right after", which no scheduler expresses; one flag does.
 */
final class OutcomeBatcher {
  private record Pending(DeliveryOutcomes.Outcome outcome, CompletableFuture<Boolean> done) {}

  private final Function<List<DeliveryOutcomes.Outcome>, Uni<Set<Long>>> writer;
  private final int maxBatch;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  OutcomeBatcher(Function<List<DeliveryOutcomes.Outcome>, Uni<Set<Long>>> writer, int maxBatch) {
    this.writer = writer;
    this.maxBatch = maxBatch;
  }

  /** Completes with true once written, false when the lease was lost; fails when the write did. */
  Uni<Boolean> submit(DeliveryOutcomes.Outcome outcome) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    queue.add(new Pending(outcome, done));
    writeNext();
    return Uni.createFrom().completionStage(done);
  }

  private void writeNext() {
    if (!writing.compareAndSet(false, true)) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    Pending p;
    while (batch.size() < maxBatch && (p = queue.poll()) != null) {
      batch.add(p);
    }
    if (batch.isEmpty()) {
      writing.set(false);
      // An outcome queued after the poll but before the flag cleared would otherwise wait.
      if (!queue.isEmpty()) {
        writeNext();
      }
      return;
    }
    Uni<Set<Long>> write;
    try {
      write = writer.apply(batch.stream().map(Pending::outcome).toList());
    } catch (RuntimeException e) {
      write = Uni.createFrom().failure(e);
    }
    write
        .subscribe()
        .with(
            written -> {
              for (Pending each : batch) {
                each.done().complete(written.contains(each.outcome().delivery().id()));
              }
              writing.set(false);
              writeNext();
            },
            failure -> {
              for (Pending each : batch) {
                each.done().completeExceptionally(failure);
              }
              writing.set(false);
              writeNext();
            });
  }
}
