package dev.solid.deploy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGINT (Ctrl-C) and SIGTERM stop the platform before the JVM starts shutting down, rather than
 * from a shutdown hook: during JVM shutdown nothing may register a shutdown hook any more, which
 * the embedded PostgreSQL and Kafka do while they start, so a Ctrl-C during start-up would orphan
 * them. Here the stop runs on a thread of its own, waits for everything to exit, and then the JVM
 * exits with 130 (INT) or 143 (TERM). A shutdown hook stays as the fallback for any other way the
 * JVM ends.
 */
final class StopSignals {
  // The exit code of the first signal (130 INT, 143 TERM); 0 while none came.
  private final AtomicInteger exitCode = new AtomicInteger();

  /**
   * Installs the handlers: the first signal runs {@code stop} and then ends the JVM with its exit
   * code; a second one (Ctrl-C pressed again) waits for the same stop.
   */
  @SuppressWarnings("restriction")
  void install(Runnable stop) {
    for (String name : new String[] {"INT", "TERM"}) {
      int code = name.equals("INT") ? 130 : 143;
      try {
        sun.misc.Signal.handle(
            new sun.misc.Signal(name),
            signal -> {
              exitCode.compareAndSet(0, code);
              Thread thread =
                  new Thread(
                      () -> {
                        stop.run();
                        System.exit(exitCode.get());
                      },
                      "solid-stop-on-SIG" + name);
              // Not a daemon (as the signal's own thread is): the JVM must not end before it has.
              thread.setDaemon(false);
              thread.start();
            });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // Signal not available here (or taken by the JVM): the shutdown hook still stops us.
      }
    }
  }

  /** Whether a signal asked for the stop. */
  boolean received() {
    return exitCode.get() != 0;
  }

  /** The exit code of the signal that stopped the launcher; 0 when none did. */
  int exitCode() {
    return exitCode.get();
  }
}
