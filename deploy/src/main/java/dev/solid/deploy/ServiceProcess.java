package dev.solid.deploy;

import dev.solid.infra.OwnSession;
import dev.solid.infra.Ports;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** One service's JVM: started from its quarkus-app jar, output appended to its log file. */
final class ServiceProcess {
  // Small heaps and the serial collector: six JVMs share a developer's laptop.
  static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

  /**
   * The gateway serves health and metrics on its management interface, not on its public port: 9080
   * beside the default 8080 (as in its application.properties), a free port beside any other.
   */
  static final int GATEWAY_MANAGEMENT_PORT = 9080;

  private final Service service;
  private final int port;
  private final int healthPort;
  private final Process process;
  private final Path logFile;
  private volatile boolean stopping;

  private ServiceProcess(Service service, int port, int healthPort, Process process, Path logFile) {
    this.service = service;
    this.port = port;
    this.healthPort = healthPort;
    this.process = process;
    this.logFile = logFile;
  }

  static ServiceProcess launch(
      Service service,
      int port,
      Path repositoryRoot,
      Path logFile,
      Map<String, String> environment) {
    Path jar = service.runnableJar(repositoryRoot);
    if (!Files.isRegularFile(jar)) {
      throw new StartupException(
          jar + " is missing: build first (./mvnw -B -q package -DskipTests, or deploy/local/run)");
    }
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    // Relative defaults in application.properties resolve against the repository root.
    return start(service, port, command, repositoryRoot, logFile, environment);
  }

  /** Runs {@code command} as {@code service} on {@code port}, output appended to the log. */
  static ServiceProcess start(
      Service service,
      int port,
      List<String> command,
      Path directory,
      Path logFile,
      Map<String, String> environment) {
    if (Ports.isListening("127.0.0.1", port)) {
      throw new StartupException(
          "Port "
              + port
              + " for "
              + service.module()
              + " is already in use (another local stack?); set "
              + service.portVariable()
              + " to another port");
    }
    int healthPort = port;
    if (service == Service.GATEWAY) {
      healthPort = port == Service.GATEWAY.defaultPort() ? GATEWAY_MANAGEMENT_PORT : Ports.free();
      if (Ports.isListening("127.0.0.1", healthPort)) {
        throw new StartupException(
            "Port "
                + healthPort
                + " for the gateway's management interface is already in use (another local"
                + " stack?)");
      }
    }
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "==== " + Instant.now() + " starting " + service.module() + " on port " + port + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      // In a session of its own, so that Ctrl-C reaches only the launcher, which stops the
      // services before the broker: their consumers leave their groups cleanly (OwnSession).
      ProcessBuilder builder =
          new ProcessBuilder(OwnSession.command(command))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      builder.environment().putAll(environment);
      if (healthPort != port) {
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(healthPort));
      }
      return new ServiceProcess(service, port, healthPort, builder.start(), logFile);
    } catch (IOException e) {
      throw new StartupException("Could not start " + service.module() + ": " + e.getMessage(), e);
    }
  }

  Service service() {
    return service;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path logFile() {
    return logFile;
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Where {@code /q/health} is served: the HTTP port, or the gateway's management interface. */
  URI healthUrl() {
    return URI.create("http://127.0.0.1:" + healthPort);
  }

  /**
   * Polls {@code GET /q/health/ready} (on {@link #healthUrl()}) until it answers 200.
   *
   * @param stopRequested true once the platform is being stopped: the wait then ends with the
   *     "stopped while starting" failure, not with this service's exit (which the stop causes)
   * @throws StartupException naming the service and its log when it exits or the time runs out
   */
  void awaitReady(HttpClient http, Duration timeout, BooleanSupplier stopRequested) {
    URI ready = healthUrl().resolve("/q/health/ready");
    HttpRequest request =
        HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastStatus = -1;
    while (System.nanoTime() < deadline) {
      if (stopRequested.getAsBoolean() || stopping) {
        throw new StartupException(LocalPlatform.STOPPED_WHILE_STARTING);
      }
      if (!process.isAlive()) {
        if (stopRequested.getAsBoolean() || stopping) {
          throw new StartupException(LocalPlatform.STOPPED_WHILE_STARTING);
        }
        throw new StartupException(
            service.module()
                + " exited with code "
                + process.exitValue()
                + " while starting; see "
                + logFile);
      }
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        lastStatus = response.statusCode();
        if (lastStatus == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException(
            stopRequested.getAsBoolean()
                ? LocalPlatform.STOPPED_WHILE_STARTING
                : "Interrupted while waiting for " + service.module(),
            e);
      }
      sleep(250);
    }
    throw new StartupException(
        service.module()
            + " was not ready within "
            + timeout.toSeconds()
            + " s ("
            + ready
            + (lastStatus < 0 ? " never answered" : " last answered " + lastStatus)
            + "); see "
            + logFile);
  }

  /** Calls back when the process exits without having been asked to stop. */
  void onUnexpectedExit(Consumer<ServiceProcess> callback) {
    process
        .onExit()
        .thenRun(
            () -> {
              if (!stopping) {
                callback.accept(this);
              }
            });
  }

  int exitValue() {
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM (Quarkus shuts down gracefully on it); does not wait. */
  void requestStop() {
    stopping = true;
    process.destroy();
  }

  /**
   * Waits for the exit asked for by {@link #requestStop}, killing the process after the timeout.
   */
  void awaitStopped(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static File nullDevice() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted", e);
    }
  }
}
