package dev.solid.infra.testing.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as its own process for a
 * benchmark: the embedded infrastructure's settings and the benchmark's own as system properties, a
 * free port, its log in a temporary file, and ready once {@code /q/health/ready} answers 200.
 */
public final class BenchService implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final String baseUrl;

  private BenchService(String name, Process process, Path log, String baseUrl) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts {@code module}'s jar (looked up from the module's directory or the repository root) and
   * waits until it is ready.
   */
  public static BenchService start(
      String module, Map<String, String> properties, Map<String, String> environment)
      throws IOException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      jar = Path.of(module, "target/quarkus-app/quarkus-run.jar");
    }
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "Package "
              + module
              + " first (quarkus-run.jar missing): ./mvnw -pl "
              + module
              + " -am package -DskipTests");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-Dquarkus.http.port=" + port);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Path log = Files.createTempFile(module + "-bench", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    BenchService service =
        new BenchService(module, builder.start(), log, "http://127.0.0.1:" + port);
    service.awaitReady();
    return service;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Path log() {
    return log;
  }

  private void awaitReady() {
    await()
        .alias(name + " ready (log: " + log + ")")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
              }
              try {
                return HTTP.send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException notYet) {
                return false; // starting
              }
            });
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
