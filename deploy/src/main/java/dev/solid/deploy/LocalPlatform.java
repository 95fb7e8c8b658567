package dev.solid.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.deploy.DemoSeeder.DemoAccess;
import dev.solid.infra.InternalJwtKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole Solid platform on one machine: PostgreSQL, Redis and Kafka (found or embedded), every
 * service as its own JVM kept running by a {@link Supervisor}, and a demo company with a test-mode
 * API key and sender accounts.
 *
 * <p>From the command line through {@link Launcher} ({@code deploy/local/run}); from tests through
 * {@link #start(PlatformOptions)}, which returns the running platform to {@link #close()} when
 * done. A shutdown hook stops whatever is still running when the JVM exits.
 */
public final class LocalPlatform implements AutoCloseable {
  /** What start-up fails with once a stop was asked for (a signal, or close()). */
  static final String STOPPED_WHILE_STARTING = "Stopped while starting";

  /** Longest the infrastructure takes to start (Kafka's own limit is 60 s, PostgreSQL's less). */
  private static final Duration INFRASTRUCTURE_START_LIMIT = Duration.ofSeconds(120);

  private final PlatformOptions options;
  private final Console console;
  private final HttpClient http;
  private final Supervisor supervisor;
  private final AtomicReference<Infrastructure> infrastructure = new AtomicReference<>();
  private final AtomicReference<ServiceEnvironment> environment = new AtomicReference<>();
  private final AtomicReference<DemoAccess> demo = new AtomicReference<>();
  private final AtomicReference<String> seedFailure = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  // Open while boot() may still be starting PostgreSQL/Redis/Kafka: close() waits for it, so a
  // Ctrl-C during start-up stops the servers that were coming up instead of orphaning them.
  private final CountDownLatch infrastructureSettled = new CountDownLatch(1);
  private final Thread shutdownHook;

  LocalPlatform(PlatformOptions options, Console console) {
    this.options = options;
    this.console = console;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.supervisor = new Supervisor(console, RestartPolicy.DEFAULT, http, options.readyTimeout());
    this.shutdownHook = new Thread(this::close, "solid-local-platform-shutdown");
  }

  /**
   * Starts everything and returns once the gateway is ready and the demo company is seeded. A
   * failure to seed (e.g. a gateway without the auth API yet) is reported by {@link #seedFailure()}
   * and leaves the platform running; any other failure stops what was started and throws.
   *
   * @throws StartupException saying which part failed and which log to read
   */
  public static LocalPlatform start(PlatformOptions options) {
    LocalPlatform platform = new LocalPlatform(options, Console.system());
    platform.bootOrClose();
    return platform;
  }

  /** Boots, or stops what was started and rethrows; the shutdown hook is in place meanwhile. */
  void bootOrClose() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      boot();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void boot() {
    long begin = System.nanoTime();
    Infrastructure infra;
    try {
      if (options.reset()) {
        Infrastructure.refuseResetWithExternalPostgres(options);
      }
      DataDirectory.prepare(options.dataDirectory(), options.reset(), console);
      console.info("Data directory %s", options.dataDirectory());
      if (closed.get()) {
        throw new StartupException(STOPPED_WHILE_STARTING);
      }
      infra = Infrastructure.start(options, console);
      infrastructure.set(infra);
    } finally {
      infrastructureSettled.countDown();
    }
    if (closed.get()) {
      // Stopped (Ctrl-C) while the infrastructure was starting: close() waited for it and stops it.
      throw new StartupException(STOPPED_WHILE_STARTING);
    }
    linkInfrastructureLogs();
    InternalJwtKeys keys = InternalJwtKeys.ensure(options.dataDirectory().resolve("keys"));
    ServiceEnvironment env = new ServiceEnvironment(options, infra.endpoints(), keys);
    environment.set(env);

    // The backends do not depend on each other, so they boot side by side; the gateway last, so
    // that it never routes to a service that is not up yet. Each is ready once its Kafka consumers
    // have their partitions, so "Platform up" means events flow.
    List<Supervisor.Child> backends = new ArrayList<>();
    for (Service service : Service.backends()) {
      backends.add(launch(service, options.port(service), env));
    }
    for (Supervisor.Child backend : backends) {
      awaitReadyThenSupervise(backend);
    }
    awaitReadyThenSupervise(launch(Service.GATEWAY, options.port(Service.GATEWAY), env));
    console.info("Platform up in %d s", (System.nanoTime() - begin) / 1_000_000_000);

    seedDemo();
  }

  private void awaitReadyThenSupervise(Supervisor.Child child) {
    ServiceProcess process = child.current();
    process.awaitReady(http, options.readyTimeout(), closed::get);
    console.info("%-18s ready on port %d", process.service().module(), process.port());
    child.supervise();
  }

  /** Starts one service under the supervisor, which also stops it in {@link #close()}. */
  private Supervisor.Child launch(Service service, int port, ServiceEnvironment env) {
    return launch(service, port, env, Map.of());
  }

  private Supervisor.Child launch(
      Service service, int port, ServiceEnvironment env, Map<String, String> overrides) {
    Map<String, String> variables = env.of(service);
    variables.putAll(overrides);
    variables.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    Path logFile =
        options
            .logDirectory()
            .resolve(service.module() + (port == options.port(service) ? "" : "-" + port) + ".log");
    return supervisor.start(
        service,
        port,
        () -> ServiceProcess.launch(service, port, options.repositoryRoot(), logFile, variables));
  }

  private void seedDemo() {
    if (closed.get()) {
      throw new StartupException(STOPPED_WHILE_STARTING);
    }
    try {
      DemoOwner owner = DemoOwner.loadOrCreate(options.dataDirectory());
      DemoAccess access = new DemoSeeder(http, new ObjectMapper(), gatewayUrl()).seed(owner);
      demo.set(access);
      LocalEnvFile.write(options.localEnvFile(), gatewayUrl(), access);
    } catch (StartupException e) {
      if (closed.get()) {
        throw new StartupException(STOPPED_WHILE_STARTING, e);
      }
      seedFailure.set(e.getMessage());
      console.warn(
          "Could not seed the demo company through the gateway, so there is no demo API key: %s",
          e.getMessage());
    }
  }

  /** Makes the embedded broker's log findable next to the services' logs. */
  private void linkInfrastructureLogs() {
    Path brokerLog = options.dataDirectory().resolve("kafka/broker.log");
    Path link = options.logDirectory().resolve("kafka.log");
    try {
      Files.createDirectories(options.logDirectory());
      if (Files.exists(brokerLog) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, brokerLog);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Only a convenience.
    }
  }

  /** The gateway's base URL, e.g. {@code http://localhost:8080}. */
  public URI gatewayUrl() {
    return URI.create("http://localhost:" + options.port(Service.GATEWAY));
  }

  /** The demo company's test-mode key holding every scope. */
  public String apiKey() {
    return demoAccess().apiKey();
  }

  public String ownerEmail() {
    return demoAccess().ownerEmail();
  }

  public String ownerPassword() {
    return demoAccess().ownerPassword();
  }

  /** Why the demo company could not be seeded, when it could not. */
  public Optional<String> seedFailure() {
    return Optional.ofNullable(seedFailure.get());
  }

  /** What the demo seed handed out, when it succeeded. */
  Optional<DemoAccess> demo() {
    return Optional.ofNullable(demo.get());
  }

  public PlatformOptions options() {
    return options;
  }

  /**
   * Starts another gateway process on {@code port} with the same configuration (same PostgreSQL,
   * Redis, services and signing key), as a second replica behind a load balancer would run, and
   * waits until it is ready. Closing the handle stops it; {@link #close()} stops it too.
   */
  public ServiceReplica startGatewayReplica(int port) {
    return startReplica(Service.GATEWAY, port, Map.of());
  }

  /**
   * Starts another process of {@code service} on {@code port} with the platform's configuration
   * plus {@code overrides} (environment variables: another replica's settings, e.g. a gateway whose
   * {@code SOLID_GATEWAY_SERVICES_MCP} lists two mcp-service replicas), and waits until it is
   * ready. Closing the handle stops it; {@link #close()} stops it too.
   */
  public ServiceReplica startReplica(Service service, int port, Map<String, String> overrides) {
    ServiceEnvironment env = environment.get();
    if (env == null) {
      throw new IllegalStateException("The platform is not up");
    }
    Supervisor.Child replica = launch(service, port, env, overrides);
    awaitReadyThenSupervise(replica);
    return new ServiceReplica(URI.create("http://localhost:" + port), replica);
  }

  /** A further process of one of this platform's services. */
  public final class ServiceReplica implements AutoCloseable {
    private final URI url;
    private final Supervisor.Child process;

    private ServiceReplica(URI url, Supervisor.Child process) {
      this.url = url;
      this.process = process;
    }

    public URI url() {
      return url;
    }

    @Override
    public void close() {
      process.stop(options.stopTimeout());
    }
  }

  /** Process ids of the service JVMs now running, in start order. */
  public List<Long> servicePids() {
    return supervisor.pids();
  }

  private DemoAccess demoAccess() {
    DemoAccess access = demo.get();
    if (access == null) {
      throw new IllegalStateException("The demo company was not seeded: " + seedFailure.get());
    }
    return access;
  }

  /**
   * Stops everything this platform started, once, and returns when all of it has exited: the
   * services first (their Kafka consumers leave their groups while the broker still runs), then
   * Kafka, Redis and PostgreSQL. Safe to call again and from the shutdown hook.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      // Someone else is stopping the platform: return only once it is done, so that nobody
      // (System.exit in main, the shutdown hook) ends the JVM halfway through. That may include
      // waiting for the infrastructure to finish starting before it can be stopped.
      awaitQuietly(stopped, INFRASTRUCTURE_START_LIMIT.plus(options.stopTimeout().multipliedBy(3)));
      return;
    }
    try {
      List<Long> running = supervisor.pids();
      if (!running.isEmpty()) {
        console.info("Stopping %d services", running.size());
      }
      supervisor.stopAll(options.stopTimeout());
      // Embedded servers still starting (Kafka takes a while) are stopped once they are up.
      awaitQuietly(infrastructureSettled, INFRASTRUCTURE_START_LIMIT);
      Infrastructure infra = infrastructure.getAndSet(null);
      if (infra != null) {
        infra.close();
      }
      console.info("Stopped");
    } finally {
      stopped.countDown();
      if (Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // The hook is running or about to; nothing left for it to do.
        }
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration limit) {
    try {
      latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until {@link #close()} has finished (from the shutdown hook, on Ctrl-C). */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }
}
