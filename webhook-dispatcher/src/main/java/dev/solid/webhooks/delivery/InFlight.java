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

  /** Free slots of every endpoint with requests in flight (others have perEndpoint free). */
  record Busy(Long[] endpoints, Integer[] free) {}

  Busy busy() {
    var snapshot = java.util.Map.copyOf(byEndpoint);
    Long[] ids = new Long[snapshot.size()];
    Integer[] free = new Integer[snapshot.size()];
    int i = 0;
    for (var e : snapshot.entrySet()) {
      ids[i] = e.getKey();
      free[i++] = Math.max(0, perEndpoint - e.getValue());
    }
    return new Busy(ids, free);
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
