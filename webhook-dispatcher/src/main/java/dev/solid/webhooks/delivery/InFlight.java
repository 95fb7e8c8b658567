package dev.solid.webhooks.delivery;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests in flight from this replica, overall and per endpoint, so a slow or dead endpoint
 * fills only its own slots and never the whole dispatcher. Thread-safe; this is the only mutable
 * state of the sender, and it is per process by design (limits are per replica).
 */
final class InFlight {
  private final int perEndpoint;
  private final int overall;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<Long, Integer> byEndpoint = new ConcurrentHashMap<>();

  InFlight(int perEndpoint, int overall) {
    this.perEndpoint = perEndpoint;
    this.overall = overall;
  }

  int free() {
    return Math.max(0, overall - total.get());
  }

  /** Endpoints at their limit, to leave out of the next claim. */
  Long[] saturated() {
    return byEndpoint.entrySet().stream()
        .filter(e -> e.getValue() >= perEndpoint)
        .map(java.util.Map.Entry::getKey)
        .toArray(Long[]::new);
  }

  boolean tryAcquire(long endpointId) {
    if (total.incrementAndGet() > overall) {
      total.decrementAndGet();
      return false;
    }
    boolean[] acquired = {false};
    byEndpoint.compute(
        endpointId,
        (id, n) -> {
          int current = n == null ? 0 : n;
          if (current >= perEndpoint) {
            return n;
          }
          acquired[0] = true;
          return current + 1;
        });
    if (!acquired[0]) {
      total.decrementAndGet();
    }
    return acquired[0];
  }

  void release(long endpointId) {
    byEndpoint.computeIfPresent(endpointId, (id, n) -> n <= 1 ? null : n - 1);
    total.decrementAndGet();
  }
}
