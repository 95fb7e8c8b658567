package dev.solid.deploy;

import dev.solid.deploy.PlatformOptions.HostPort;
import dev.solid.infra.EmbeddedKafkaBroker;
import dev.solid.infra.EmbeddedPostgresServer;
import dev.solid.infra.EmbeddedRedisServer;
import dev.solid.infra.Ports;
import dev.solid.infra.PostmasterPidFile;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * PostgreSQL, Redis and Kafka for the services: whatever already answers on the configured address
 * is used as it is; otherwise the embedded server is started on that very address, with its data
 * under the data directory so that a restart keeps it. Only what was started here is stopped.
 */
final class Infrastructure implements AutoCloseable {
  /** Connect and read limit for the checks on an external PostgreSQL. */
  static final Duration EXTERNAL_DB_TIMEOUT = Duration.ofSeconds(10);

  /** How long a PostgreSQL of our data directory that is still stopping gets to exit. */
  static final Duration STOPPING_POSTGRES_LIMIT = Duration.ofSeconds(60);

  /** Where the services find everything, once it runs. */
  record Endpoints(
      String postgresHost,
      int postgresPort,
      String postgresUser,
      String postgresPassword,
      String database,
      HostPort redis,
      String kafkaBootstrap) {

    String jdbcUrl() {
      return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    String reactiveUrl() {
      return "postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    String redisUrl() {
      return "redis://" + redis.host() + ":" + redis.port();
    }
  }

  private final Endpoints endpoints;
  // Started servers in start order (PostgreSQL, Redis, Kafka); closed in reverse.
  private final List<Started> started;

  private record Started(String name, AutoCloseable server) {}

  private Infrastructure(Endpoints endpoints, List<Started> started) {
    this.endpoints = endpoints;
    this.started = started;
  }

  Endpoints endpoints() {
    return endpoints;
  }

  /**
   * Finds or starts all three. The embedded ones start in parallel (Kafka is a JVM of its own and
   * the slowest); if one fails, the others that did start are stopped again.
   */
  static Infrastructure start(PlatformOptions options, Console console) {
    Path data = options.dataDirectory();
    PlatformOptions.Postgres pg = options.postgres();
    boolean reuse = options.reuseRunningInfrastructure();
    awaitStoppingPostgres(options, console, STOPPING_POSTGRES_LIMIT);

    CompletableFuture<EmbeddedPostgresServer> postgres =
        startUnlessRunning(
            "PostgreSQL",
            pg.address(),
            reuse,
            console,
            () -> {
              EmbeddedPostgresServer server =
                  EmbeddedPostgresServer.start(data.resolve("postgres"), pg.port());
              server.ensureDatabase(pg.database());
              return server;
            });
    CompletableFuture<EmbeddedRedisServer> redis =
        startUnlessRunning(
            "Redis",
            options.redis(),
            reuse,
            console,
            () -> EmbeddedRedisServer.start(data.resolve("redis"), options.redis().port()));
    CompletableFuture<EmbeddedKafkaBroker> kafka =
        startUnlessRunning(
            "Kafka",
            options.kafkaAddress(),
            reuse,
            console,
            () -> EmbeddedKafkaBroker.start(data.resolve("kafka"), options.kafkaAddress().port()));

    List<Started> started = new ArrayList<>();
    List<RuntimeException> failures = new ArrayList<>();
    collect("PostgreSQL", postgres, started, failures);
    collect("Redis", redis, started, failures);
    collect("Kafka", kafka, started, failures);
    boolean embeddedPostgres = started.stream().anyMatch(s -> s.name().equals("PostgreSQL"));
    Infrastructure infrastructure =
        new Infrastructure(endpoints(options, embeddedPostgres), started);
    if (failures.isEmpty() && !embeddedPostgres) {
      try {
        ensureExternalDatabase(pg, console);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      infrastructure.close();
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
    return infrastructure;
  }

  /**
   * A PostgreSQL of our own data directory that is still shutting down (an earlier launcher's, or
   * one stopped by hand) holds the port and answers "the database system is shutting down", then
   * nothing: it must not be taken for an external server. Waits for it to exit, or fails saying so.
   */
  static void awaitStoppingPostgres(PlatformOptions options, Console console, Duration limit) {
    int port = options.postgres().port();
    Path directory = options.dataDirectory().resolve("postgres");
    Optional<PostmasterPidFile> stopping =
        PostmasterPidFile.read(directory).filter(p -> p.port() == port && p.stopping());
    Optional<ProcessHandle> postmaster = stopping.flatMap(PostmasterPidFile::process);
    if (postmaster.isEmpty()) {
      return;
    }
    long pid = postmaster.get().pid();
    console.info(
        "%-10s port %d is held by a PostgreSQL that is still stopping (pid %d); waiting for it to"
            + " exit",
        "PostgreSQL", port, pid);
    try {
      postmaster.get().onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new StartupException(
          "Port "
              + port
              + " is held by a PostgreSQL that is still stopping (pid "
              + pid
              + ", data directory "
              + directory
              + ") and did not exit within "
              + limit.toSeconds()
              + " s. Wait until it has (or stop it: kill "
              + pid
              + "), then start again.");
    } catch (ExecutionException e) {
      // onExit() does not fail.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException(LocalPlatform.STOPPED_WHILE_STARTING, e);
    }
  }

  /**
   * {@code --reset} wipes the data directory, including the demo owner's generated password; an
   * external PostgreSQL would keep the company with the old password, and the demo login would fail
   * from then on. So a reset is refused while PostgreSQL answers on its address (and reuse is on).
   */
  static void refuseResetWithExternalPostgres(PlatformOptions options) {
    HostPort address = options.postgres().address();
    if (options.reuseRunningInfrastructure() && Ports.isListening(address.host(), address.port())) {
      throw new StartupException(
          "--reset only wipes the launcher's own data, but PostgreSQL at "
              + address
              + " is an external server (it already answers there), whose database '"
              + options.postgres().database()
              + "' would keep the old demo company. Stop that server, or drop the database"
              + " yourself and run again without --reset.");
    }
  }

  /**
   * Creates the database on an external PostgreSQL unless it exists (the embedded server gets it
   * when it starts). Connects to the database itself first, which needs no other rights; only when
   * that fails does it connect to the maintenance database {@code postgres} with the configured
   * user, who then needs CREATEDB. Both connections give up after {@link #EXTERNAL_DB_TIMEOUT}
   * rather than hanging on a server that accepts connections and never answers.
   */
  static void ensureExternalDatabase(PlatformOptions.Postgres pg, Console console) {
    try (Connection connection = connect(pg, pg.database())) {
      return; // it exists and we may use it
    } catch (SQLException e) {
      // Missing (3D000), or not ours to use: ask the maintenance database below.
    }
    try (Connection connection = connect(pg, "postgres");
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, pg.database());
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE \"" + pg.database().replace("\"", "\"\"") + "\"");
      }
      console.info("%-10s database '%s' created", "PostgreSQL", pg.database());
    } catch (SQLException e) {
      throw new StartupException(
          "Could not find or create database '"
              + pg.database()
              + "' on PostgreSQL at "
              + pg.address()
              + " as user '"
              + pg.user()
              + "': "
              + e.getMessage(),
          e);
    }
  }

  private static Connection connect(PlatformOptions.Postgres pg, String database)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", pg.user());
    properties.setProperty("password", pg.password());
    String seconds = Long.toString(EXTERNAL_DB_TIMEOUT.toSeconds());
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("socketTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    return DriverManager.getConnection(
        "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + database, properties);
  }

  private static void collect(
      String name,
      CompletableFuture<? extends AutoCloseable> future,
      List<Started> started,
      List<RuntimeException> failures) {
    try {
      AutoCloseable server = future.join();
      if (server != null) {
        started.add(new Started(name, server));
      }
    } catch (CompletionException e) {
      failures.add(
          e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
    }
  }

  private static Endpoints endpoints(PlatformOptions options, boolean embeddedPostgres) {
    PlatformOptions.Postgres pg = options.postgres();
    // The embedded cluster has only the superuser it was initialised with (trust authentication).
    return new Endpoints(
        embeddedPostgres ? "127.0.0.1" : pg.host(),
        pg.port(),
        embeddedPostgres ? EmbeddedPostgresServer.USER : pg.user(),
        pg.password(),
        pg.database(),
        options.redis(),
        options.kafkaBootstrap());
  }

  /** Completes with null when something already answers there (and reuse is allowed). */
  private static <T> CompletableFuture<T> startUnlessRunning(
      String name, HostPort address, boolean reuse, Console console, Supplier<T> starter) {
    if (Ports.isListening(address.host(), address.port())) {
      if (reuse) {
        console.info("%-10s found at %s (not managed by this launcher)", name, address);
        return CompletableFuture.completedFuture(null);
      }
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              name + " port " + address + " is taken by another process; pick another port"));
    }
    if (!isLocal(address.host())) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              name
                  + " does not answer at "
                  + address
                  + ", and an embedded one can only run on this machine (use 127.0.0.1)"));
    }
    console.info("%-10s starting at %s (embedded)", name, address);
    return CompletableFuture.supplyAsync(
        () -> {
          long begin = System.nanoTime();
          T server = starter.get();
          console.info(
              "%-10s started at %s (embedded, %d ms)",
              name, address, (System.nanoTime() - begin) / 1_000_000);
          return server;
        });
  }

  private static boolean isLocal(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isLoopbackAddress() || address.isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Stops what this launcher started: Kafka, then Redis, then PostgreSQL. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      Started s = started.get(i);
      try {
        s.server().close();
      } catch (Exception e) {
        System.err.println("[solid] could not stop " + s.name() + ": " + e.getMessage());
      }
    }
  }
}
