package dev.solid.deploy;

import dev.solid.infra.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything the local platform needs to know. {@link #fromEnvironment} reads the {@code SOLID_*}
 * variables a developer sets (documented in {@code deploy/local/run --help}); {@link #forTests}
 * gives an isolated stack on free ports that never touches a running local one.
 *
 * @param repositoryRoot the checkout, where each service's {@code target/quarkus-app} lives
 * @param dataDirectory PostgreSQL, Redis and Kafka data, the internal JWT keys and the demo owner
 * @param logDirectory one {@code <name>.log} per process
 * @param localEnvFile where the demo key and owner credentials are written ({@code
 *     .solid/local.env})
 * @param reset wipe the data directory before starting
 * @param reuseRunningInfrastructure use PostgreSQL/Redis/Kafka already answering on the configured
 *     addresses; when false the embedded ones are always started
 * @param postgres where PostgreSQL is (or is started)
 * @param redis where Redis is (or is started)
 * @param kafkaBootstrap Kafka's bootstrap servers; the first entry is where an embedded broker
 *     starts
 * @param servicePorts the HTTP port of every service
 * @param readyTimeout how long each service may take to answer {@code /q/health/ready} with 200
 * @param stopTimeout how long a process may take to exit after SIGTERM before it is killed
 */
public record PlatformOptions(
    Path repositoryRoot,
    Path dataDirectory,
    Path logDirectory,
    Path localEnvFile,
    boolean reset,
    boolean reuseRunningInfrastructure,
    Postgres postgres,
    HostPort redis,
    String kafkaBootstrap,
    Map<Service, Integer> servicePorts,
    Duration readyTimeout,
    Duration stopTimeout) {

  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(20);

  public PlatformOptions {
    repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
    logDirectory = logDirectory.toAbsolutePath().normalize();
    localEnvFile = localEnvFile.toAbsolutePath().normalize();
    servicePorts = Map.copyOf(servicePorts);
    HostPort.parse(kafkaBootstrap, "SOLID_KAFKA_BOOTSTRAP"); // fail early on a malformed value
    for (Service service : Service.values()) {
      if (!servicePorts.containsKey(service)) {
        throw new IllegalArgumentException("No port for " + service.module());
      }
    }
  }

  /** PostgreSQL coordinates; {@code database} is created when the embedded server is used. */
  public record Postgres(String host, int port, String user, String password, String database) {
    HostPort address() {
      return new HostPort(host, port);
    }
  }

  /** A TCP address. */
  public record HostPort(String host, int port) {
    /** Parses {@code host:port}; for a Kafka bootstrap list the first entry counts. */
    public static HostPort parse(String value, String what) {
      String first = value.split(",")[0].trim();
      int colon = first.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(what + " must look like host:port, got '" + value + "'");
      }
      try {
        return new HostPort(
            first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " has a bad port: '" + value + "'");
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * The developer's configuration: {@code .solid/} under the repository root unless {@code
   * SOLID_DATA_DIR} says otherwise, the default ports, and whatever infrastructure already runs.
   */
  public static PlatformOptions fromEnvironment(
      Map<String, String> env, Path repositoryRoot, boolean reset) {
    Path solid = repositoryRoot.resolve(".solid");
    Path data =
        env.containsKey("SOLID_DATA_DIR")
            ? Path.of(env.get("SOLID_DATA_DIR"))
            : solid.resolve("data");
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      ports.put(service, intVar(env, service.portVariable(), service.defaultPort()));
    }
    return new PlatformOptions(
        repositoryRoot,
        data,
        env.containsKey("SOLID_LOG_DIR")
            ? Path.of(env.get("SOLID_LOG_DIR"))
            : solid.resolve("logs"),
        env.containsKey("SOLID_LOCAL_ENV_FILE")
            ? Path.of(env.get("SOLID_LOCAL_ENV_FILE"))
            : solid.resolve("local.env"),
        reset,
        true,
        new Postgres(
            env.getOrDefault("SOLID_PG_HOST", "127.0.0.1"),
            intVar(env, "SOLID_PG_PORT", 5432),
            env.getOrDefault("SOLID_PG_USER", "postgres"),
            env.getOrDefault("SOLID_PG_PASSWORD", "postgres"),
            env.getOrDefault("SOLID_PG_DATABASE", "solid")),
        new HostPort(
            env.getOrDefault("SOLID_REDIS_HOST", "127.0.0.1"),
            intVar(env, "SOLID_REDIS_PORT", 6379)),
        env.getOrDefault("SOLID_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        ports,
        Duration.ofSeconds(intVar(env, "SOLID_READY_TIMEOUT_SECONDS", 90)),
        DEFAULT_STOP_TIMEOUT);
  }

  /**
   * An isolated stack for tests: embedded infrastructure always (never whatever listens on the
   * default ports), every port free, the local.env file inside the data directory.
   */
  public static PlatformOptions forTests(
      Path repositoryRoot, Path dataDirectory, Path logDirectory) {
    Set<Integer> taken = new HashSet<>();
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      ports.put(service, distinctFreePort(taken));
    }
    return new PlatformOptions(
        repositoryRoot,
        dataDirectory,
        logDirectory,
        dataDirectory.resolve("local.env"),
        false,
        false,
        new Postgres("127.0.0.1", distinctFreePort(taken), "postgres", "postgres", "solid"),
        new HostPort("127.0.0.1", distinctFreePort(taken)),
        "127.0.0.1:" + distinctFreePort(taken),
        ports,
        DEFAULT_READY_TIMEOUT,
        DEFAULT_STOP_TIMEOUT);
  }

  /** The same options with other service ports (e.g. fresh free ones for a restart in a test). */
  public PlatformOptions withFreshPorts() {
    PlatformOptions fresh = forTests(repositoryRoot, dataDirectory, logDirectory);
    return new PlatformOptions(
        repositoryRoot,
        dataDirectory,
        logDirectory,
        localEnvFile,
        reset,
        reuseRunningInfrastructure,
        fresh.postgres,
        fresh.redis,
        fresh.kafkaBootstrap,
        fresh.servicePorts,
        readyTimeout,
        stopTimeout);
  }

  /** Where Kafka is checked for, and where an embedded broker starts if nothing answers. */
  public HostPort kafkaAddress() {
    return HostPort.parse(kafkaBootstrap, "SOLID_KAFKA_BOOTSTRAP");
  }

  public int port(Service service) {
    return servicePorts.get(service);
  }

  /**
   * The checkout that holds this launcher: the {@code solid.repo.root} system property (set by
   * {@code deploy/local/run} and by Failsafe), else the first parent of the working directory that
   * has both {@code mvnw} and {@code deploy/pom.xml}.
   */
  public static Path locateRepositoryRoot() {
    String configured = System.getProperty("solid.repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("deploy/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Cannot find the Solid repository root from "
            + Path.of("").toAbsolutePath()
            + "; set -Dsolid.repo.root");
  }

  private static int distinctFreePort(Set<Integer> taken) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = Ports.free();
      if (taken.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("Could not find distinct free ports");
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
    }
  }
}
