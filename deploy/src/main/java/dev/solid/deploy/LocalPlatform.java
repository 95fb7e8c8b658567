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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole Solid platform on one machine: PostgreSQL, Redis and Kafka (found or embedded), every
 * service as its own JVM, and a demo company with a test-mode API key.
 *
 * <p>From the command line through {@code deploy/local/run}; from tests through {@link
 * #start(PlatformOptions)}, which returns the running platform to {@link #close()} when done. A
 * shutdown hook stops whatever is still running when the JVM exits (Ctrl-C, SIGTERM, end of tests).
 */
public final class LocalPlatform implements AutoCloseable {
  static final String USAGE =
      """
      Usage: deploy/local/run [--reset] [--help]

      Starts the whole Solid platform on this machine and keeps it in the foreground;
      Ctrl-C stops everything it started.

        --reset   wipe the data directory first (PostgreSQL, Redis and Kafka data, the
                  internal JWT keys and the demo owner), then start from scratch; refused
                  when PostgreSQL is an external server (its data is not ours to wipe)
        --help    show this text

      PostgreSQL, Redis and Kafka already answering on the configured addresses are used
      as they are; otherwise embedded ones are started there, keeping their data in the
      data directory.

      Environment (defaults in brackets):
        SOLID_DATA_DIR               data directory [<repo>/.solid/data]
        SOLID_PG_HOST, SOLID_PG_PORT [127.0.0.1, 5432]
        SOLID_PG_USER, SOLID_PG_PASSWORD [postgres, postgres]
        SOLID_PG_DATABASE            [solid] (created if missing, embedded or external)
        SOLID_REDIS_HOST, SOLID_REDIS_PORT [127.0.0.1, 6379]
        SOLID_KAFKA_BOOTSTRAP        [127.0.0.1:9092]
        SOLID_GATEWAY_PORT           [8080]
        SOLID_CRM_PORT, SOLID_MESSAGING_PORT, SOLID_PAYMENTS_PORT,
        SOLID_WEBHOOK_DISPATCHER_PORT, SOLID_MCP_PORT [8081 .. 8085]
        SOLID_READY_TIMEOUT_SECONDS  per service, for /q/health/ready [90]
        SOLID_LOG_DIR                service logs [<repo>/.solid/logs]
        SOLID_LOCAL_ENV_FILE         where the demo key is written [<repo>/.solid/local.env]
        SOLID_SKIP_BUILD=1           start without checking whether a build is needed

      Logs: <service>.log in the log directory. The demo API key and owner credentials are
      written to the local env file.
      """;

  /** What start-up fails with once a stop was asked for (a signal, or close()). */
  static final String STOPPED_WHILE_STARTING = "Stopped while starting";

  /** Longest the infrastructure takes to start (Kafka's own limit is 60 s, PostgreSQL's less). */
  private static final Duration INFRASTRUCTURE_START_LIMIT = Duration.ofSeconds(120);

  /** How long a service that died of a signal gets for the launcher to see its own stop. */
  private static final Duration SIGNAL_GRACE = Duration.ofSeconds(2);

  private final PlatformOptions options;
  private final Console console;
  private final HttpClient http;
  private final AtomicReference<Infrastructure> infrastructure = new AtomicReference<>();
  // In start order: the backends, then the gateway. Guarded by itself (see launch).
  private final List<ServiceProcess> services = new ArrayList<>();
  private final AtomicReference<DemoAccess> demo = new AtomicReference<>();
  private final AtomicReference<Map<String, String>> gatewayEnvironment = new AtomicReference<>();
  private final AtomicReference<String> seedFailure = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // The exit code of the signal that stopped the launcher (130 INT, 143 TERM); 0 when none did.
  private final AtomicInteger stopSignalExitCode = new AtomicInteger();
  private final CountDownLatch stopped = new CountDownLatch(1);
  // Open while boot() may still be starting PostgreSQL/Redis/Kafka: close() waits for it, so a
  // Ctrl-C during start-up stops the servers that were coming up instead of orphaning them.
  private final CountDownLatch infrastructureSettled = new CountDownLatch(1);
  private final Thread shutdownHook;

  private LocalPlatform(PlatformOptions options, Console console) {
    this.options = options;
    this.console = console;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
    return start(options, Console.system());
  }

  static LocalPlatform start(PlatformOptions options, Console console) {
    LocalPlatform platform = new LocalPlatform(options, console);
    Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
    try {
      platform.boot();
      return platform;
    } catch (RuntimeException e) {
      platform.close();
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

    // The backends do not depend on each other, so they boot side by side; the gateway last, so
    // that it never routes to a service that is not up yet.
    Map<String, String> common = commonEnvironment(infra.endpoints(), keys);
    List<ServiceProcess> backends = new ArrayList<>();
    for (Service service : Service.backends()) {
      backends.add(launch(service, backendEnvironment(service, common)));
    }
    for (ServiceProcess process : backends) {
      process.awaitReady(http, options.readyTimeout(), closed::get);
      console.info("%-18s ready on port %d", process.service().module(), process.port());
    }
    Map<String, String> gatewayEnv = gatewayEnvironment(common, keys);
    gatewayEnvironment.set(gatewayEnv);
    ServiceProcess gateway = launch(Service.GATEWAY, gatewayEnv);
    gateway.awaitReady(http, options.readyTimeout(), closed::get);
    console.info("%-18s ready on port %d", "gateway", gateway.port());
    console.info("Platform up in %d s", (System.nanoTime() - begin) / 1_000_000_000);

    seedDemo();
  }

  /**
   * Starts one service and records it for {@link #close()}. Under the list's lock, so that a
   * close() racing with start-up (Ctrl-C while booting) either sees the process or prevents it.
   */
  private ServiceProcess launch(Service service, Map<String, String> environment) {
    return launch(service, options.port(service), environment);
  }

  private ServiceProcess launch(Service service, int port, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    synchronized (services) {
      if (closed.get()) {
        throw new StartupException(STOPPED_WHILE_STARTING);
      }
      ServiceProcess process =
          ServiceProcess.launch(
              service,
              port,
              options.repositoryRoot(),
              options
                  .logDirectory()
                  .resolve(
                      service.module()
                          + (port == options.port(service) ? "" : "-" + port)
                          + ".log"),
              env);
      process.onUnexpectedExit(
          p -> {
            if (!stoppedBySignal(p)) {
              console.alarm(
                  "%s (pid %d) DIED with exit code %d while the platform was running; see %s",
                  p.service().module(), p.pid(), p.exitValue(), p.logFile());
            }
          });
      services.add(process);
      return process;
    }
  }

  /**
   * Whether a service exited because the launcher is being stopped. Ctrl-C in a terminal signals
   * the whole process group, so a service may get SIGINT (exit 130) a moment before the launcher
   * marks itself closed; such an exit gets a short grace to see that happen, rather than an alarm.
   */
  private boolean stoppedBySignal(ServiceProcess process) {
    if (closed.get()) {
      return true;
    }
    int exit = process.exitValue();
    if (exit != 130 && exit != 143) {
      return false;
    }
    long until = System.nanoTime() + SIGNAL_GRACE.toNanos();
    while (!closed.get() && System.nanoTime() < until) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return closed.get();
  }

  private Map<String, String> commonEnvironment(
      Infrastructure.Endpoints endpoints, InternalJwtKeys keys) {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl());
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", endpoints.postgresUser());
    env.put("QUARKUS_DATASOURCE_PASSWORD", endpoints.postgresPassword());
    env.put("QUARKUS_REDIS_HOSTS", endpoints.redisUrl());
    env.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrap());
    env.put("SOLID_INTERNAL_JWT_PUBLIC_KEY", fileUrl(keys.publicKey()));
    env.put("SOLID_ENV", "local");
    return env;
  }

  /** What one backend needs beyond the common settings. */
  private Map<String, String> backendEnvironment(Service service, Map<String, String> common) {
    Map<String, String> env = new HashMap<>(common);
    if (service == Service.WEBHOOKS) {
      // A developer receives webhooks on localhost, and wants retries in seconds, not hours.
      // Loopback only: private networks and cloud metadata stay refused even locally.
      env.put("SOLID_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.0/8,::1/128");
      env.put("SOLID_WEBHOOKS_RETRY_SCHEDULE", "0s,5s,30s,2m,5m");
      env.put(
          "SOLID_WEBHOOKS_SECRET_ENCRYPTION_KEY",
          SecretKeys.ensure(options.dataDirectory().resolve("keys/webhook-secrets.key")));
    }
    if (service == Service.MESSAGING) {
      env.put(
          "SOLID_MESSAGING_CREDENTIALS_KEY",
          SecretKeys.ensure(options.dataDirectory().resolve("keys/messaging-credentials.key")));
      // Twilio signs the public URL of its callbacks: here, the gateway on this machine.
      env.put(
          "SOLID_MESSAGING_PUBLIC_BASE_URL", "http://localhost:" + options.port(Service.GATEWAY));
      // Asked for contacts its projection has not received yet (with the caller's token).
      env.put("SOLID_MESSAGING_CRM_BASE_URL", "http://127.0.0.1:" + options.port(Service.CRM));
    }
    return env;
  }

  private Map<String, String> gatewayEnvironment(Map<String, String> common, InternalJwtKeys keys) {
    Map<String, String> env = new HashMap<>(common);
    env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", fileUrl(keys.privateKey()));
    for (Service backend : Service.backends()) {
      backend
          .gatewayUpstreamVariable()
          .ifPresent(name -> env.put(name, "http://127.0.0.1:" + options.port(backend)));
    }
    return env;
  }

  private static String fileUrl(Path file) {
    // "file:" + absolute path, the form SmallRye JWT's key locations take.
    return "file:" + file.toAbsolutePath();
  }

  private void seedDemo() {
    if (closed.get()) {
      throw new StartupException(STOPPED_WHILE_STARTING);
    }
    try {
      DemoOwner owner = DemoOwner.loadOrCreate(options.dataDirectory());
      DemoAccess access = new DemoSeeder(http, new ObjectMapper(), gatewayUrl()).seed(owner);
      demo.set(access);
      writeLocalEnv(access);
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

  private void writeLocalEnv(DemoAccess access) {
    Path file = options.localEnvFile();
    String content =
        "SOLID_API_URL=http://localhost:"
            + options.port(Service.GATEWAY)
            + "\nSOLID_API_KEY="
            + access.apiKey()
            + "\nSOLID_OWNER_EMAIL="
            + access.ownerEmail()
            + "\nSOLID_OWNER_PASSWORD="
            + access.ownerPassword()
            + "\n";
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, content);
      DemoOwner.restrictToOwner(temporary);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StartupException("Could not write " + file + ": " + e.getMessage(), e);
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

  public PlatformOptions options() {
    return options;
  }

  /**
   * Starts another gateway process on {@code port} with the same configuration (same PostgreSQL,
   * Redis, services and signing key), as a second replica behind a load balancer would run, and
   * waits until it is ready. Closing the handle stops it; {@link #close()} stops it too.
   */
  public GatewayReplica startGatewayReplica(int port) {
    Map<String, String> env = gatewayEnvironment.get();
    if (env == null) {
      throw new IllegalStateException("The platform is not up");
    }
    ServiceProcess replica = launch(Service.GATEWAY, port, env);
    replica.awaitReady(http, options.readyTimeout(), closed::get);
    return new GatewayReplica(URI.create("http://localhost:" + port), replica);
  }

  /** A second gateway process of this platform. */
  public final class GatewayReplica implements AutoCloseable {
    private final URI url;
    private final ServiceProcess process;

    private GatewayReplica(URI url, ServiceProcess process) {
      this.url = url;
      this.process = process;
    }

    public URI url() {
      return url;
    }

    @Override
    public void close() {
      process.requestStop();
      process.awaitStopped(options.stopTimeout());
      synchronized (services) {
        services.remove(process);
      }
    }
  }

  /** Process ids of the service JVMs, in start order. */
  public List<Long> servicePids() {
    synchronized (services) {
      return services.stream().map(ServiceProcess::pid).toList();
    }
  }

  private DemoAccess demoAccess() {
    DemoAccess access = demo.get();
    if (access == null) {
      throw new IllegalStateException("The demo company was not seeded: " + seedFailure.get());
    }
    return access;
  }

  /**
   * Stops everything this platform started, once: the services (gateway first; all are sent SIGTERM
   * together, then awaited and killed after the stop timeout), then Kafka, Redis and PostgreSQL.
   * Safe to call again and from the shutdown hook.
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
      List<ServiceProcess> running;
      synchronized (services) {
        running = new ArrayList<>(services);
      }
      Collections.reverse(running);
      if (!running.isEmpty()) {
        console.info("Stopping %d services", running.size());
      }
      running.forEach(ServiceProcess::requestStop);
      running.forEach(p -> p.awaitStopped(options.stopTimeout()));
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

  public static void main(String[] args) {
    boolean reset = false;
    for (String arg : args) {
      switch (arg) {
        case "--reset" -> reset = true;
        case "--help", "-h" -> {
          System.out.print(USAGE);
          return;
        }
        default -> {
          System.err.println("Unknown argument: " + arg + "\n");
          System.err.print(USAGE);
          System.exit(2);
        }
      }
    }
    Console console = Console.system();
    LocalPlatform platform = null;
    try {
      PlatformOptions options =
          PlatformOptions.fromEnvironment(
              System.getenv(), PlatformOptions.locateRepositoryRoot(), reset);
      platform = new LocalPlatform(options, console);
      handleStopSignals(platform);
      Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
      try {
        platform.boot();
      } catch (RuntimeException e) {
        platform.close();
        throw e;
      }
    } catch (RuntimeException e) {
      if (platform != null && platform.stopSignalExitCode.get() != 0) {
        // A signal stopped us while starting: whatever failed then (a service killed while we
        // waited for it, a refused connection) failed because of it. A clean stop, with the
        // signal's exit code, not an alarm and exit 1.
        platform.exitOnceStopped();
        return;
      }
      if (!(e instanceof StartupException
          || e instanceof IllegalArgumentException
          || e instanceof IllegalStateException)) {
        throw e;
      }
      if (STOPPED_WHILE_STARTING.equals(e.getMessage())) {
        return; // stopped by the shutdown hook (the JVM is ending anyway)
      }
      console.alarm("Could not start the platform: %s", e.getMessage());
      System.exit(1);
      return;
    }
    platform.printSummary();
    platform.exitOnceStopped();
  }

  /**
   * Waits until {@link #close()} has finished, then ends the JVM with the stopping signal's exit
   * code (130 for SIGINT, 143 for SIGTERM). The signal's own thread exits with the same code, so
   * whichever gets there first, the code is the same.
   */
  private void exitOnceStopped() {
    try {
      awaitStopped();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(stopSignalExitCode.get());
  }

  /**
   * SIGINT (Ctrl-C) and SIGTERM stop the platform before the JVM starts shutting down, rather than
   * from a shutdown hook: during JVM shutdown nothing may register a shutdown hook any more, which
   * the embedded PostgreSQL and Kafka do while they start, so a Ctrl-C during start-up would orphan
   * them. Here close() waits for them to come up and stops them; then the JVM exits with 130/143.
   * The shutdown hook stays as the fallback for any other way the JVM ends.
   */
  @SuppressWarnings("restriction")
  private static void handleStopSignals(LocalPlatform platform) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        int exitCode = name.equals("INT") ? 130 : 143;
        sun.misc.Signal.handle(
            new sun.misc.Signal(name),
            signal -> {
              // The first signal decides the exit code; a second Ctrl-C just waits for the stop.
              platform.stopSignalExitCode.compareAndSet(0, exitCode);
              Thread stop =
                  new Thread(
                      () -> {
                        platform.close();
                        System.exit(platform.stopSignalExitCode.get());
                      },
                      "solid-stop-on-SIG" + name);
              // Not a daemon (as the signal's thread is): the JVM must not end before it has.
              stop.setDaemon(false);
              stop.start();
            });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // Signal not available here (or taken by the JVM): the shutdown hook still stops us.
      }
    }
  }

  private void printSummary() {
    String gateway = gatewayUrl().toString();
    console.plain("");
    console.plain("  Solid is running. Ctrl-C stops everything.");
    console.plain("");
    console.plain("  Gateway        " + gateway);
    console.plain("  API docs       " + gateway + "/docs");
    DemoAccess access = demo.get();
    if (access != null) {
      console.plain("  Demo API key   " + access.apiKey() + "   (test mode, every scope)");
      console.plain("  Owner login    " + access.ownerEmail() + " / " + access.ownerPassword());
      console.plain("  Written to     " + options.localEnvFile());
      console.plain("");
      console.plain(
          "  curl -H \"Authorization: Bearer $SOLID_API_KEY\" "
              + gateway
              + "/api/v1/crm/contacts   (after: source "
              + options.localEnvFile()
              + ")");
    } else {
      console.plain("  Demo API key   none: " + seedFailure.get());
    }
    console.plain("  Logs           " + options.logDirectory());
    console.plain("");
  }
}
