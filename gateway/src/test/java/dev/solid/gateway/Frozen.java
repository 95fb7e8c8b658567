package dev.solid.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A frozen process: SIGSTOP keeps it alive with its sockets open (the kernel still accepts new
 * connections into the listen backlog) while it answers nothing, as in a network partition or a
 * failover stall. Closing sends SIGCONT, so use it in try-with-resources.
 */
final class Frozen implements AutoCloseable {
  // Its own threads: a request that hangs must not hold up the next one (the common pool may have
  // a single thread on a small machine).
  private static final ExecutorService CLIENTS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "frozen-test-client");
            thread.setDaemon(true);
            return thread;
          });
  private final long root;
  private final boolean withChildren;
  private final Set<Long> stopped = new LinkedHashSet<>();

  private Frozen(long root, boolean withChildren) {
    this.root = root;
    this.withChildren = withChildren;
  }

  /** Freezes one process (redis-server). */
  static Frozen process(long pid) {
    Frozen frozen = new Frozen(pid, false);
    frozen.stop();
    return frozen;
  }

  /**
   * Freezes a process and its children: PostgreSQL's postmaster and its one backend per connection
   * (and its background workers). The postmaster first, so it forks nothing new meanwhile.
   */
  static Frozen withChildren(long pid) {
    Frozen frozen = new Frozen(pid, true);
    frozen.stop();
    return frozen;
  }

  private void stop() {
    signal("STOP", List.of(root));
    stopped.add(root);
    if (withChildren) {
      List<Long> children = children();
      signal("STOP", children);
      stopped.addAll(children);
    }
  }

  @Override
  public void close() {
    Set<Long> all = new LinkedHashSet<>(withChildren ? children() : List.of());
    all.addAll(stopped);
    all.remove(root);
    signal("CONT", new ArrayList<>(all));
    signal("CONT", List.of(root));
  }

  private List<Long> children() {
    return ProcessHandle.of(root).stream()
        .flatMap(ProcessHandle::children)
        .map(ProcessHandle::pid)
        .toList();
  }

  private static void signal(String signal, List<Long> pids) {
    if (pids.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    try {
      Process kill = new ProcessBuilder(command).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The answer to a request, which must come at all within a generous bound (a hang fails the test
   * instead of blocking it); how fast is not asserted.
   */
  static <T> T answered(Supplier<T> request) {
    CompletableFuture<T> answer = CompletableFuture.supplyAsync(request, CLIENTS);
    await("an answer at all").atMost(Duration.ofSeconds(10)).until(answer::isDone);
    return answer.join();
  }
}
