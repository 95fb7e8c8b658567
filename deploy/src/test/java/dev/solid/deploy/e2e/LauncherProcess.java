package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.deploy.PlatformOptions;
import dev.solid.deploy.Service;
import dev.solid.infra.Ports;
import dev.solid.infra.PostmasterPidFile;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code deploy/local/run} as a developer runs it: a real process with its own data directory and
 * free ports, in a process group of its own as a terminal's foreground job is, so that {@link
 * #pressCtrlC()} signals the whole group as Ctrl-C does. The build-if-missing step is skipped
 * ({@code SOLID_SKIP_BUILD=1}): the reactor has just built everything.
 */
final class LauncherProcess {
  /** Up to the demo key on a loaded 2-core machine, with six service JVMs and a broker. */
  static final Duration START_LIMIT = Duration.ofMinutes(4);

  // Longer than the launcher may itself take to stop (up to 120 s for infrastructure still
  // starting, then 20 s per stop step); an upper bound only.
  static final Duration STOP_LIMIT = Duration.ofSeconds(240);

  final Process process;
  final PlatformOptions options;
  final Path envFile;
  private final Path outputFile;
  private final Map<String, String> environment;

  private LauncherProcess(
      Process process,
      PlatformOptions options,
      Path envFile,
      Path outputFile,
      Map<String, String> environment) {
    this.process = process;
    this.options = options;
    this.envFile = envFile;
    this.outputFile = outputFile;
    this.environment = environment;
  }

  /** A launcher on a data directory and ports of its own. */
  static LauncherProcess start(String name) throws IOException {
    return start(SolidStack.testOptions(name));
  }

  /** A launcher on the data directory and ports of {@code ports}, which may hold data already. */
  static LauncherProcess start(PlatformOptions ports) throws IOException {
    Path data = ports.dataDirectory();
    Map<String, String> env = new HashMap<>();
    env.put("SOLID_SKIP_BUILD", "1");
    env.put("SOLID_DATA_DIR", data.toString());
    env.put("SOLID_LOG_DIR", ports.logDirectory().toString());
    env.put("SOLID_LOCAL_ENV_FILE", data.resolve("local.env").toString());
    env.put("SOLID_PG_PORT", Integer.toString(ports.postgres().port()));
    env.put("SOLID_REDIS_PORT", Integer.toString(ports.redis().port()));
    env.put("SOLID_KAFKA_BOOTSTRAP", ports.kafkaBootstrap());
    for (Service service : Service.values()) {
      env.put(service.portVariable(), Integer.toString(ports.port(service)));
    }
    return launch(env, ports.repositoryRoot(), "launcher.out");
  }

  /** Another launcher on the same data directory and ports, e.g. right after this one exited. */
  LauncherProcess startAgain(String outputName) throws IOException {
    return launch(environment, options.repositoryRoot(), outputName);
  }

  private static LauncherProcess launch(Map<String, String> env, Path root, String outputName)
      throws IOException {
    PlatformOptions options = PlatformOptions.fromEnvironment(env, root, false);
    Path output = options.logDirectory().resolve(outputName);
    Files.createDirectories(options.logDirectory());
    List<String> command = new ArrayList<>();
    // A process started with SIGINT ignored (a background job of a non-interactive shell, as a
    // CI runner may start the build) passes that on, and a JVM that inherits SIGINT as ignored
    // cannot handle it: the SIGINT tests would fail for reasons that have nothing to do with the
    // launcher. Perl, where there is one, puts both signals back to their defaults, makes the
    // launcher the leader of a new session and process group (a terminal's foreground job), and
    // execs.
    if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
      command.addAll(
          List.of(
              "/usr/bin/perl",
              "-MPOSIX",
              "-e",
              "$SIG{INT}='DEFAULT'; $SIG{TERM}='DEFAULT'; POSIX::setsid();"
                  + " exec { $ARGV[0] } @ARGV or die $!",
              "--"));
    }
    command.add(root.resolve("deploy/local/run").toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().putAll(env);
    return new LauncherProcess(
        builder.start(), options, options.localEnvFile(), output, Map.copyOf(env));
  }

  String output() {
    try {
      return Files.readString(outputFile);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until the output satisfies the condition; fails at once when the launcher exited. */
  void awaitOutput(String what, Predicate<String> condition) {
    await(what)
        .atMost(START_LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String output = output();
              if (condition.test(output)) {
                return true;
              }
              if (!process.isAlive()) {
                throw new AssertionError(
                    "The launcher exited with "
                        + process.exitValue()
                        + " before "
                        + what
                        + ":\n"
                        + output);
              }
              return false;
            });
  }

  /** Waits for the summary, which comes after the demo key was written. */
  void awaitRunning() {
    awaitOutput("the platform is running", output -> output.contains("Solid is running"));
  }

  /** The local.env this launcher wrote (read after {@link #awaitRunning()}). */
  Properties localEnv() throws IOException {
    Properties env = new Properties();
    try (Reader reader = Files.newBufferedReader(envFile)) {
      env.load(reader);
    }
    return env;
  }

  Api api() throws IOException {
    return new Api(URI.create(localEnv().getProperty("SOLID_API_URL")));
  }

  /**
   * Every process the launcher started that runs now: its descendants, and PostgreSQL's postmaster
   * (not a descendant: pg_ctl detaches it).
   */
  Set<ProcessHandle> children() {
    Set<ProcessHandle> all = new HashSet<>();
    process.toHandle().descendants().forEach(all::add);
    postmaster().ifPresent(all::add);
    return all;
  }

  /** The postmaster while it runs (never another program that was given a stale file's pid). */
  Optional<ProcessHandle> postmaster() {
    return PostmasterPidFile.read(options.dataDirectory().resolve("postgres"))
        .flatMap(PostmasterPidFile::process);
  }

  /** The JVM of one service, found among the launcher's children by its jar. */
  ProcessHandle serviceProcess(Service service) {
    String jar = service.runnableJar(options.repositoryRoot()).toString();
    return process
        .toHandle()
        .descendants()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(jar)).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no process runs " + jar));
  }

  /** SIGINT or SIGTERM to the launcher alone, as {@code kill} does. */
  void signal(String name) throws Exception {
    kill("-" + name, Long.toString(process.pid()));
  }

  /** SIGINT to the launcher's whole process group, as Ctrl-C in its terminal does. */
  void pressCtrlC() throws Exception {
    kill("-INT", "--", "-" + process.pid());
  }

  private static void kill(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill"));
    command.addAll(List.of(arguments));
    Process kill = new ProcessBuilder(command).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("%s", command).isZero();
  }

  /** Waits for the launcher to exit and returns its exit code. */
  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS))
        .as("launcher exited; output:%n%s", output())
        .isTrue();
    return process.exitValue();
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
      assertThat(Ports.isListening("127.0.0.1", port)).as("port %d still open", port).isFalse();
    }
    assertThat(postmaster().filter(ProcessHandle::isAlive)).as("postmaster").isEmpty();
  }

  /**
   * Whether the process still runs. A zombie (exited, not yet reaped by whoever inherited it) has
   * stopped already, though {@link ProcessHandle#isAlive()} still says alive.
   */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // pid (comm) state ...: the state follows the last ')'.
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return process.isAlive(); // no /proc here
    }
  }

  /** Whatever is left, the detached postmaster included. */
  void kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    postmaster().ifPresent(ProcessHandle::destroyForcibly);
  }
}
