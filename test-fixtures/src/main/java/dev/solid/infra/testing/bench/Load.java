package dev.solid.infra.testing.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** The two shapes of load the benchmarks drive: a burst with N in flight, and timed one by one. */
public final class Load {
  private Load() {}

  /**
   * Runs {@code count} calls, {@code concurrency} at a time; their results in call order (a call
   * that fails is -1 and printed).
   */
  public static List<Long> burst(
      int count, int concurrency, IntFunction<CompletableFuture<Long>> call)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<Long>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      calls.add(
          call.apply(i)
              .exceptionally(
                  e -> {
                    System.err.println("call failed: " + e);
                    return -1L;
                  })
              .whenComplete((r, e) -> inFlight.release()));
    }
    return calls.stream().map(CompletableFuture::join).toList();
  }

  /** A call timed on its own; it throws when its answer is wrong. */
  @FunctionalInterface
  public interface Call {
    void run(int i) throws Exception;
  }

  /**
   * Latencies of {@code count} calls made one after the other (after {@code warmUp} untimed ones),
   * in milliseconds.
   */
  public static Latencies sequential(int warmUp, int count, Call call) throws Exception {
    for (int i = 0; i < warmUp; i++) {
      call.run(i);
    }
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      call.run(warmUp + i);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return new Latencies(millis);
  }

  /** Sorted latencies in milliseconds, with nearest-rank percentiles. */
  public static final class Latencies {
    private final double[] sorted;

    public Latencies(double[] millis) {
      this.sorted = millis.clone();
      Arrays.sort(sorted);
    }

    public double percentile(double p) {
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public int count() {
      return sorted.length;
    }

    /** {@code p50 3.1 ms, p99 9.8 ms (n=300)}. */
    @Override
    public String toString() {
      return String.format(
          "p50 %6.1f ms, p99 %6.1f ms (n=%d)", percentile(50), percentile(99), sorted.length);
    }
  }
}
