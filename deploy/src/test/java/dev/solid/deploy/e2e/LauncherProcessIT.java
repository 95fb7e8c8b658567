package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.deploy.PlatformOptions;
import dev.solid.deploy.Service;
import dev.solid.infra.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/local/run} as a developer runs it, stopped by a signal. Every process it started
 * (services, the Kafka broker's JVM, Redis, PostgreSQL's postmaster) must be gone by the time the
 * launcher exits, and every port closed, so that a launcher started right after comes up.
 */
class LauncherProcessIT {

  @Test
  void shouldExitOnlyOnceEveryChildIsGoneAndComeUpAgainAtOnceAfterSigterm() throws Exception {
    PlatformOptions options = SolidStack.testOptions("signal-term");
    postgresThatTakesSecondsToStop(options);
    LauncherProcess first = LauncherProcess.start(options);
    LauncherProcess second = null;
    try {
      Set<ProcessHandle> children = runningChildren(first);

      first.signal("TERM");

      assertThat(first.awaitExit()).as("exit code; output:%n%s", first.output()).isEqualTo(143);
      assertGoneAtExit(first, children);
      first.assertNothingLeft();

      // At once, on the same data directory and ports: nothing of the first one may be in the way
      // (a PostgreSQL still stopping was taken for an external one, then refused connections).
      second = first.startAgain("launcher-again.out");
      second.awaitRunning();
      assertThat(second.output()).doesNotContain("not managed by this launcher", "Could not");
      assertServes(second);
      second.signal("TERM");
      assertThat(second.awaitExit()).isEqualTo(143);
      second.assertNothingLeft();
    } finally {
      first.kill();
      if (second != null) {
        second.kill();
      }
    }
  }

  @Test
  void shouldExitOnlyOnceEveryChildIsGoneAfterCtrlC() throws Exception {
    LauncherProcess launcher = LauncherProcess.start("signal-int");
    try {
      Set<ProcessHandle> children = runningChildren(launcher);

      launcher.pressCtrlC();

      assertThat(launcher.awaitExit())
          .as("exit code; output:%n%s", launcher.output())
          .isEqualTo(130);
      assertThat(launcher.output()).doesNotContain("DIED", "exited with code");
      assertGoneAtExit(launcher, children);
      launcher.assertNothingLeft();
    } finally {
      launcher.kill();
    }
  }

  @Test
  void shouldStopTheEmbeddedServersWhenInterruptedDuringStartUp() throws Exception {
    LauncherProcess launcher = LauncherProcess.start("boot-int");
    try {
      // Interrupt while PostgreSQL, Redis and Kafka are coming up.
      launcher.awaitOutput(
          "the launcher starts its infrastructure",
          output ->
              output.lines().anyMatch(line -> line.contains("Kafka") && line.contains("starting")));
      Set<ProcessHandle> seen = launcher.children();
      launcher.pressCtrlC();
      // Whatever was still booting when the signal came (a Kafka JVM, initdb, a postmaster) may
      // appear after it: keep looking until the launcher is gone, so that nothing escapes.
      await("the launcher exits")
          .atMost(LauncherProcess.STOP_LIMIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                seen.addAll(launcher.children());
                return !launcher.process.isAlive();
              });
      assertThat(launcher.process.exitValue())
          .as("exit code after SIGINT; output:%n%s", launcher.output())
          .isEqualTo(130);
      assertThat(launcher.output()).doesNotContain("Could not start", "DIED");
      assertGoneAtExit(launcher, seen);
      launcher.assertNothingLeft();
    } finally {
      launcher.kill();
    }
  }

  @Test
  void shouldStopCleanlyWhenSignalledWhileTheServicesStart() throws Exception {
    LauncherProcess launcher = LauncherProcess.start("services-term");
    try {
      // One backend is up, the others and the gateway are still starting.
      launcher.awaitOutput("a first service is ready", output -> output.contains("ready on port"));
      Set<ProcessHandle> children = launcher.children();
      launcher.signal("TERM");
      // The services the stop killed are not start-up failures: no alarm, no exit 1.
      assertThat(launcher.awaitExit())
          .as("exit code after SIGTERM; output:%n%s", launcher.output())
          .isEqualTo(143);
      assertThat(launcher.output()).doesNotContain("Could not start", "DIED");
      assertGoneAtExit(launcher, children);
      launcher.assertNothingLeft();
    } finally {
      launcher.kill();
    }
  }

  /**
   * A data directory whose PostgreSQL takes several seconds to stop, as one with much to write at
   * its shutdown checkpoint does on a loaded machine: its archiver runs a slow archive_command for
   * the last WAL segment, which the postmaster waits for. That is longer than {@code pg_ctl stop -t
   * 5} waits, after which the server goes on stopping on its own.
   */
  private static void postgresThatTakesSecondsToStop(PlatformOptions options) throws Exception {
    Path directory = options.dataDirectory().resolve("postgres");
    EmbeddedPostgresServer.start(directory, options.postgres().port()).close();
    Files.writeString(
        directory.resolve("postgresql.conf"),
        "\narchive_mode = on\narchive_command = 'sleep 8'\n",
        StandardOpenOption.APPEND);
  }

  /** Waits until the platform serves its demo key, and returns every process it runs then. */
  private static Set<ProcessHandle> runningChildren(LauncherProcess launcher) throws Exception {
    launcher.awaitRunning();
    Properties env = launcher.localEnv();
    assertThat(env.getProperty("SOLID_API_URL"))
        .isEqualTo("http://localhost:" + launcher.options.port(Service.GATEWAY));
    assertServes(launcher);
    Set<ProcessHandle> children = launcher.children();
    // Six services, the broker's JVM, Redis and the postmaster.
    assertThat(children.size()).isGreaterThanOrEqualTo(Service.values().length + 3);
    return children;
  }

  private static void assertServes(LauncherProcess launcher) throws Exception {
    Api.Response contacts =
        launcher
            .api()
            .get("/api/v1/crm/contacts")
            .bearer(launcher.localEnv().getProperty("SOLID_API_KEY"))
            .send();
    assertThat(contacts.status()).as("%s", contacts).isEqualTo(200);
  }

  /** Checked the moment the launcher has exited, not some time later. */
  private static void assertGoneAtExit(LauncherProcess launcher, Set<ProcessHandle> children) {
    List<String> alive =
        children.stream()
            .filter(LauncherProcess::running)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
            .toList();
    assertThat(alive)
        .as("still running when the launcher exited; output:%n%s", launcher.output())
        .isEmpty();
  }
}
