package dev.solid.deploy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps the service processes running while the platform runs, as a process supervisor would: one
 * that exits without being asked to is started again after a pause ({@link RestartPolicy}), and
 * given up on with an alarm after too many quick crashes in a row. Supervision of a service begins
 * once it has been ready ({@link Child#supervise()}); before that, its death is a start-up failure,
 * which the wait for its readiness reports.
 */
final class Supervisor {
  /** How long a service that died of a signal gets for the launcher to see its own stop. */
  private static final Duration SIGNAL_GRACE = Duration.ofSeconds(2);

  private final Console console;
  private final RestartPolicy policy;
  private final HttpClient http;
  private final Duration readyTimeout;
  // Pauses before restarts and the waits for a restarted service to be ready: one thread per
  // service at most, so that one slow restart never holds up another.
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          Service.values().length,
          task -> {
            Thread thread = new Thread(task, "solid-supervisor");
            thread.setDaemon(true);
            return thread;
          });
  // In start order: the backends, then the gateway (and any extra replica). Guarded by itself, so
  // that a stop racing with a (re)start either sees the new process or prevents it.
  private final List<Child> children = new ArrayList<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  Supervisor(Console console, RestartPolicy policy, HttpClient http, Duration readyTimeout) {
    this.console = console;
    this.policy = policy;
    this.http = http;
    this.readyTimeout = readyTimeout;
  }

  /**
   * Starts a service through {@code launcher}; it is kept running once {@link Child#supervise()}
   * was called.
   *
   * @throws StartupException when the platform is being stopped, or the process cannot start
   */
  Child start(Service service, int port, Supplier<ServiceProcess> launcher) {
    synchronized (children) {
      Child child = new Child(service, port, launcher);
      child.launch();
      children.add(child);
      return child;
    }
  }

  boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  /** Process ids of the services, in start order. */
  List<Long> pids() {
    synchronized (children) {
      return children.stream().map(c -> c.current().pid()).toList();
    }
  }

  /**
   * Stops every service, once: all are sent SIGTERM together (the gateway first, so it stops taking
   * requests), then each is awaited and killed after {@code timeout}. No restart follows.
   */
  void stopAll(Duration timeout) {
    List<ServiceProcess> running = new ArrayList<>();
    synchronized (children) {
      stopRequested.countDown();
      children.forEach(child -> running.add(child.current()));
    }
    scheduler.shutdownNow();
    Collections.reverse(running);
    running.forEach(ServiceProcess::requestStop);
    running.forEach(process -> process.awaitStopped(timeout));
  }

  /** One supervised service: the process that runs it now, and its recent crashes. */
  final class Child {
    private final Service service;
    private final int port;
    private final Supplier<ServiceProcess> launcher;
    private final AtomicReference<ServiceProcess> current = new AtomicReference<>();
    private final AtomicInteger quickCrashes = new AtomicInteger();
    private final AtomicBoolean retired = new AtomicBoolean();
    private final AtomicBoolean supervised = new AtomicBoolean();
    // The process whose exit was dealt with last: an exit is seen by its callback and, when it
    // came before supervise(), by supervise() too, and must lead to one restart only.
    private final AtomicReference<ServiceProcess> exitHandled = new AtomicReference<>();
    private volatile long startedAt;

    private Child(Service service, int port, Supplier<ServiceProcess> launcher) {
      this.service = service;
      this.port = port;
      this.launcher = launcher;
    }

    ServiceProcess current() {
      return current.get();
    }

    /**
     * From now on (it has been ready), this service is started again whenever it dies; also when it
     * died a moment ago, between getting ready and this call.
     */
    void supervise() {
      supervised.set(true);
      ServiceProcess process = current.get();
      if (!process.isAlive()) {
        handleExit(process);
      }
    }

    /** Stops this service for good (an extra gateway replica that is closed). */
    void stop(Duration timeout) {
      ServiceProcess process;
      synchronized (children) {
        retired.set(true);
        children.remove(this);
        process = current.get();
      }
      process.requestStop();
      process.awaitStopped(timeout);
    }

    // Under the children's lock.
    private void launch() {
      if (stopping()) {
        throw new StartupException(LocalPlatform.STOPPED_WHILE_STARTING);
      }
      ServiceProcess process = launcher.get();
      startedAt = System.nanoTime();
      current.set(process);
      process.onUnexpectedExit(this::handleExit);
    }

    private void handleExit(ServiceProcess process) {
      try {
        scheduler.execute(() -> exited(process));
      } catch (RejectedExecutionException stopping) {
        // The platform is being stopped: nothing to restart.
      }
    }

    private void exited(ServiceProcess process) {
      if (stopping() || retired.get() || current.get() != process || diedOfStopSignal(process)) {
        return;
      }
      if (!supervised.get() || exitHandled.getAndSet(process) == process) {
        return; // not ready yet (the wait for it fails the start), or dealt with already
      }
      Duration ran = Duration.ofNanos(System.nanoTime() - startedAt);
      int inARow = policy.quick(ran) ? quickCrashes.incrementAndGet() : resetQuickCrashes();
      Optional<Duration> delay = policy.delay(inARow);
      if (delay.isEmpty()) {
        console.alarm(
            "%s (pid %d) exited with code %d, having crashed %d times in a row within %d s of"
                + " starting: not restarting it again, the platform runs on without it; see %s",
            service.module(),
            process.pid(),
            process.exitValue(),
            inARow,
            policy.quickCrashWindow().toSeconds(),
            process.logFile());
        return;
      }
      console.warn(
          "%s (pid %d) exited with code %d while the platform was running; restarting it in %d s%s;"
              + " see %s",
          service.module(),
          process.pid(),
          process.exitValue(),
          delay.get().toSeconds(),
          inARow == 0
              ? ""
              : " (quick crash "
                  + inARow
                  + " of "
                  + policy.maxQuickCrashes()
                  + " before it is given up on)",
          process.logFile());
      scheduler.schedule(this::restart, delay.get().toMillis(), TimeUnit.MILLISECONDS);
    }

    private int resetQuickCrashes() {
      quickCrashes.set(0);
      return 0;
    }

    private void restart() {
      ServiceProcess process;
      synchronized (children) {
        if (stopping() || retired.get()) {
          return;
        }
        try {
          launch();
        } catch (StartupException e) {
          console.alarm("Could not restart %s: %s", service.module(), e.getMessage());
          return;
        }
        process = current.get();
      }
      try {
        process.awaitReady(http, readyTimeout, () -> stopping() || retired.get());
        console.info(
            "%-18s restarted: pid %d, ready on port %d", service.module(), process.pid(), port);
      } catch (StartupException e) {
        // Died again (handled as its exit, like the first) or the platform is stopping; only a
        // service that runs without ever getting ready is worth a word here.
        if (process.isAlive() && !stopping()) {
          console.warn("%s restarted, but: %s", service.module(), e.getMessage());
        }
      }
    }

    /**
     * Whether the process exited because the launcher is being stopped. A service may get SIGINT or
     * SIGTERM (exit 130 or 143) a moment before the launcher marks itself stopping (Ctrl-C reaching
     * the whole process group where children cannot have a session of their own); such an exit gets
     * a short grace to see that happen, rather than a restart.
     */
    private boolean diedOfStopSignal(ServiceProcess process) {
      int exit = process.exitValue();
      if (exit != 130 && exit != 143) {
        return false;
      }
      try {
        return stopRequested.await(SIGNAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
  }
}
