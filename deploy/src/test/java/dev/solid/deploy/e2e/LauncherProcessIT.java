package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.deploy.PlatformOptions;
import dev.solid.deploy.Service;
import dev.solid.infra.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/local/run} as a developer runs it: a real process with its own data directory and
 * free ports, stopped by a signal. Every process it started (services, embedded PostgreSQL, Redis,
 * Kafka) must be gone and every port closed afterwards. The build-if-missing step is skipped
 * ({@code SOLID_SKIP_BUILD=1}): the reactor has just built everything.
 */
class LauncherProcessIT {
  private static final Duration START_LIMIT = Duration.ofMinutes(4);
  // Longer than the launcher may itself take to stop: up to 120 s waiting for infrastructure that
  // is still starting (LocalPlatform's limit), then 20 s per stop step; an upper bound only.
  private static final Duration STOP_LIMIT = Duration.ofSeconds(240);

  @Test
  void shouldStopEveryChildProcessOnSigterm() throws Exception {
    runUntilReadyThenSignal("TERM");
  }

  @Test
  void shouldStopEveryChildProcessOnSigint() throws Exception {
    runUntilReadyThenSignal("INT");
  }

  @Test
  void shouldStopTheEmbeddedServersWhenInterruptedDuringStartUp() throws Exception {
    Launcher launcher = Launcher.start("boot-int");
    try {
      // Interrupt while PostgreSQL, Redis and Kafka are coming up.
      launcher.await(
          "the launcher starts its infrastructure",
          () ->
              launcher
                  .output()
                  .lines()
                  .anyMatch(line -> line.contains("Kafka") && line.contains("starting at")));
      Set<ProcessHandle> seen = launcher.descendants();
      launcher.signal("INT");
      // Whatever was still booting when the signal came (a Kafka JVM, initdb, a postmaster) may
      // appear after it: keep looking until the launcher is gone, so that nothing escapes.
      long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
      while (!launcher.process.waitFor(200, TimeUnit.MILLISECONDS)) {
        seen.addAll(launcher.descendants());
        assertThat(System.nanoTime())
            .as("launcher exited; output:%n%s", launcher.output())
            .isLessThan(deadline);
      }
      assertThat(launcher.process.exitValue())
          .as("exit code after SIGINT; output:%n%s", launcher.output())
          .isEqualTo(130);
      assertThat(launcher.output()).doesNotContain("Could not start", "DIED");
      for (ProcessHandle child : seen) {
        await(
            "child " + child.pid() + " " + child.info().command().orElse(""),
            () -> !child.isAlive());
      }
      launcher.assertNothingLeft();
    } finally {
      launcher.kill();
    }
  }

  @Test
  void shouldStopCleanlyWhenSignalledWhileTheServicesStart() throws Exception {
    Launcher launcher = Launcher.start("services-term");
    try {
      // One backend is up, the others and the gateway are still starting.
      launcher.await("a first service is ready", () -> launcher.output().contains("ready on port"));
      launcher.signal("TERM");
      assertThat(launcher.process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS))
          .as("launcher exited; output:%n%s", launcher.output())
          .isTrue();
      // The services the stop killed are not start-up failures: no alarm, no exit 1.
      assertThat(launcher.process.exitValue())
          .as("exit code after SIGTERM; output:%n%s", launcher.output())
          .isEqualTo(143);
      assertThat(launcher.output()).doesNotContain("Could not start", "DIED");
      launcher.assertNothingLeft();
    } finally {
      launcher.kill();
    }
  }

  private static void runUntilReadyThenSignal(String signal) throws Exception {
    Launcher launcher = Launcher.start("signal-" + signal.toLowerCase());
    try {
      launcher.await(
          "the launcher writes " + launcher.envFile, () -> Files.exists(launcher.envFile));
      Properties env = new Properties();
      try (var reader = Files.newBufferedReader(launcher.envFile)) {
        env.load(reader);
      }
      assertThat(env.getProperty("SOLID_API_URL"))
          .isEqualTo("http://localhost:" + launcher.options.port(Service.GATEWAY));
      Api api = new Api(java.net.URI.create(env.getProperty("SOLID_API_URL")));
      Api.Response contacts =
          api.get("/api/v1/crm/contacts").bearer(env.getProperty("SOLID_API_KEY")).send();
      assertThat(contacts.status()).as("%s", contacts).isEqualTo(200);
      Set<ProcessHandle> children = launcher.descendants();
      assertThat(children.size()).isGreaterThanOrEqualTo(Service.values().length);

      launcher.signal(signal);

      assertThat(launcher.process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS))
          .as("launcher exited after SIG%s; output:%n%s", signal, launcher.output())
          .isTrue();
      assertThat(launcher.process.exitValue())
          .as("exit code after SIG%s; output:%n%s", signal, launcher.output())
          .isEqualTo(signal.equals("INT") ? 130 : 143);
      assertThat(launcher.output()).doesNotContain("DIED");
      for (ProcessHandle child : children) {
        await(
            "child " + child.pid() + " " + child.info().command().orElse(""),
            () -> !child.isAlive());
      }
      launcher.assertNothingLeft();
    } finally {
      launcher.kill();
    }
  }

  /** One launcher process and where it keeps things. */
  private record Launcher(Process process, PlatformOptions options, Path envFile, Path outputFile) {

    static Launcher start(String name) throws IOException {
      PlatformOptions ports = SolidStack.testOptions(name);
      Path data = ports.dataDirectory();
      Path envFile = data.resolve("local.env");
      Path output = ports.logDirectory().resolve("launcher.out");
      Files.createDirectories(ports.logDirectory());
      Map<String, String> env = new HashMap<>();
      env.put("SOLID_SKIP_BUILD", "1");
      env.put("SOLID_DATA_DIR", data.toString());
      env.put("SOLID_LOG_DIR", ports.logDirectory().toString());
      env.put("SOLID_LOCAL_ENV_FILE", envFile.toString());
      env.put("SOLID_PG_PORT", Integer.toString(ports.postgres().port()));
      env.put("SOLID_REDIS_PORT", Integer.toString(ports.redis().port()));
      env.put("SOLID_KAFKA_BOOTSTRAP", ports.kafkaBootstrap());
      for (Service service : Service.values()) {
        env.put(service.portVariable(), Integer.toString(ports.port(service)));
      }
      List<String> command = new ArrayList<>();
      // A process started with SIGINT ignored (a background job of a non-interactive shell, as a
      // CI runner may start the build) passes that on, and a JVM that inherits SIGINT as ignored
      // cannot handle it: the SIGINT tests would fail for reasons that have nothing to do with the
      // launcher. Perl, where there is one, puts both signals back to their defaults and execs.
      if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
        command.addAll(
            List.of(
                "/usr/bin/perl",
                "-e",
                "$SIG{INT}='DEFAULT'; $SIG{TERM}='DEFAULT'; exec { $ARGV[0] } @ARGV or die $!",
                "--"));
      }
      command.add(ports.repositoryRoot().resolve("deploy/local/run").toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(ports.repositoryRoot().toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().putAll(env);
      // The options as the launcher will read them, to know its ports.
      PlatformOptions options = PlatformOptions.fromEnvironment(env, ports.repositoryRoot(), false);
      return new Launcher(builder.start(), options, envFile, output);
    }

    String output() {
      try {
        return Files.readString(outputFile);
      } catch (IOException e) {
        return "";
      }
    }

    /** Like the class's await, but fails at once when the launcher has exited. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
      LauncherProcessIT.await(
          what,
          () -> {
            if (condition.getAsBoolean()) {
              return true;
            }
            if (!process.isAlive()) {
              throw new AssertionError(
                  "The launcher exited with "
                      + process.exitValue()
                      + " before "
                      + what
                      + ":\n"
                      + output());
            }
            return false;
          });
    }

    Set<ProcessHandle> descendants() {
      Set<ProcessHandle> all = new HashSet<>();
      process.toHandle().descendants().forEach(all::add);
      return all;
    }

    void signal(String name) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
    }

    /** Every port closed, and PostgreSQL's postmaster (not a child: pg_ctl detaches it) gone. */
    void assertNothingLeft() throws Exception {
      List<Integer> ports = new ArrayList<>();
      for (Service service : Service.values()) {
        ports.add(options.port(service));
      }
      ports.add(options.postgres().port());
      ports.add(options.redis().port());
      ports.add(options.kafkaAddress().port());
      for (int port : ports) {
        await("port " + port + " closed", () -> !Ports.isListening("127.0.0.1", port));
      }
      Path postmasterPid = options.dataDirectory().resolve("postgres/postmaster.pid");
      if (Files.exists(postmasterPid)) {
        long pid = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
        await(
            "postmaster " + pid + " gone",
            () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
      }
    }

    void kill() {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
