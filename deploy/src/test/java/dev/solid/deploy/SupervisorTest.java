package dev.solid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.infra.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with stand-in processes (a shell), so that crashes take milliseconds. */
class SupervisorTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Console console =
      new Console(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
  private final AtomicInteger launches = new AtomicInteger();
  private final int port = Ports.free();
  private Supervisor supervisor;

  @TempDir Path logs;

  @AfterEach
  void stop() {
    if (supervisor != null) {
      supervisor.stopAll(Duration.ofSeconds(5));
    }
  }

  @Test
  void shouldStartAServiceKilledWhileThePlatformRunsAgainAndLogItsExitCode() {
    supervisor = supervisor(RestartPolicy.DEFAULT);
    Supervisor.Child child = supervisor.start(Service.CRM, port, () -> launch("exec sleep 300"));
    child.supervise(); // it was ready
    long first = child.current().pid();

    ProcessHandle.of(first).orElseThrow().destroyForcibly(); // kill -9

    await("a new process")
        .atMost(Duration.ofSeconds(20))
        .until(() -> child.current().pid() != first && child.current().isAlive());
    assertThat(launches).hasValue(2);
    assertThat(supervisor.pids()).containsExactly(child.current().pid());
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "crm-service (pid "
                + first
                + ") exited with code 137 while the platform was running; restarting it in 1 s");
  }

  @Test
  void shouldGiveUpWithAnAlarmAfterTooManyQuickCrashesInARow() {
    supervisor =
        supervisor(
            new RestartPolicy(
                Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(1), 3));

    // It was ready, and its every run dies at once (before or after this call: the same).
    supervisor.start(Service.CRM, port, () -> launch("exit 3")).supervise();

    await("the supervisor gives up")
        .atMost(Duration.ofSeconds(20))
        .until(() -> err.toString(StandardCharsets.UTF_8).contains("not restarting it again"));
    String alarms = err.toString(StandardCharsets.UTF_8);
    assertThat(alarms)
        .contains("exited with code 3, having crashed 3 times in a row within 60 s of starting")
        .contains("the platform runs on without it")
        .contains("(quick crash 1 of 3 before it is given up on)")
        .contains("(quick crash 2 of 3 before it is given up on)");
    assertThat(launches).hasValue(3);
  }

  @Test
  void shouldNotRestartAServiceThatDiesBeforeItWasEverReady() {
    supervisor = supervisor(RestartPolicy.DEFAULT);

    Supervisor.Child child = supervisor.start(Service.CRM, port, () -> launch("exit 1"));

    await().atMost(Duration.ofSeconds(10)).until(() -> !child.current().isAlive());
    // Its exit is the start-up failure the wait for readiness reports, not a reason to restart.
    assertThat(launches).hasValue(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("restarting");
  }

  @Test
  void shouldRestartNothingOnceStopped() {
    supervisor = supervisor(RestartPolicy.DEFAULT);
    Supervisor.Child child = supervisor.start(Service.CRM, port, () -> launch("exec sleep 300"));
    child.supervise();

    supervisor.stopAll(Duration.ofSeconds(5));

    assertThat(child.current().isAlive()).isFalse();
    assertThat(launches).hasValue(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("exited with code");
  }

  private Supervisor supervisor(RestartPolicy policy) {
    return new Supervisor(console, policy, HttpClient.newHttpClient(), Duration.ofSeconds(1));
  }

  private ServiceProcess launch(String script) {
    launches.incrementAndGet();
    return ServiceProcess.start(
        Service.CRM,
        port,
        List.of("/bin/sh", "-c", script),
        logs,
        logs.resolve("crm-service.log"),
        Map.of());
  }
}
