package dev.solid.deploy;

import java.time.Duration;
import java.util.Optional;

/**
 * When a service that died is started again. A run shorter than {@code quickCrashWindow} is a quick
 * crash; the pause before the next start doubles with each quick crash in a row, from {@code
 * firstDelay} up to {@code maxDelay}, so a service that cannot start does not spin; after {@code
 * maxQuickCrashes} of them in a row it is given up on. A run that lasted longer starts the count
 * again: a crash an hour in is a new incident, not the sixth of a series.
 *
 * @param firstDelay pause before the first restart
 * @param maxDelay longest pause
 * @param quickCrashWindow a run shorter than this counts as a quick crash (a JVM takes about 20 s
 *     to start on a loaded laptop, so a service that dies while starting falls inside)
 * @param maxQuickCrashes quick crashes in a row after which no restart follows
 */
record RestartPolicy(
    Duration firstDelay, Duration maxDelay, Duration quickCrashWindow, int maxQuickCrashes) {

  static final RestartPolicy DEFAULT =
      new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), 5);

  /** Whether a run of this length was a quick crash. */
  boolean quick(Duration run) {
    return run.compareTo(quickCrashWindow) < 0;
  }

  /**
   * The pause before the next start, given the quick crashes in a row so far (this one included, 0
   * when this run was not quick); empty when the service is given up on.
   */
  Optional<Duration> delay(int quickCrashesInARow) {
    if (quickCrashesInARow >= maxQuickCrashes) {
      return Optional.empty();
    }
    Duration delay = firstDelay;
    for (int i = 1; i < quickCrashesInARow && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
  }
}
