package dev.solid.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run in its
 * own JVM from the Kafka jars. Its own JVM keeps Kafka's server classpath (Scala, its Jackson) away
 * from the services and the tests. The storage is formatted once; a restart on the same directory
 * keeps topics and offsets.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "/solid-kafka-classpath.txt";
  private final Process process;
  private final int port;

  private EmbeddedKafkaBroker(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the broker on the given port (0 picks a free one).
   *
   * @param dataDirectory where logs and metadata live; null for a temporary one
   */
  public static EmbeddedKafkaBroker start(Path dataDirectory, int port) {
    int brokerPort = port == 0 ? Ports.free() : port;
    int controllerPort = Ports.free();
    try {
      Path dir = dataDirectory == null ? Files.createTempDirectory("solid-kafka") : dataDirectory;
      Files.createDirectories(dir);
      Path logs = dir.resolve("logs");
      Path config = dir.resolve("server.properties");
      Files.writeString(config, serverProperties(brokerPort, controllerPort, logs));
      Path log4j = dir.resolve("log4j2.properties");
      Files.writeString(
          log4j,
          """
          status = error
          appender.file.type = File
          appender.file.name = file
          appender.file.fileName = %s
          appender.file.layout.type = PatternLayout
          appender.file.layout.pattern = %%d %%p [%%c{1}] %%m%%n
          rootLogger.level = warn
          rootLogger.appenderRef.file.ref = file
          # Joins, leaves, session expiries and rebalances of consumer groups: what tells why a
          # consumer waited for its partitions.
          logger.groups.name = org.apache.kafka.coordinator.group
          logger.groups.level = info
          """
              .formatted(dir.resolve("broker.log").toAbsolutePath()));
      String classpath = classpath();
      if (!Files.exists(logs.resolve("meta.properties"))) {
        run(
            dir,
            List.of(
                java(),
                "-cp",
                classpath,
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "kafka.tools.StorageTool",
                "format",
                "--config",
                config.toString(),
                "--cluster-id",
                clusterId(),
                "--ignore-formatted"));
      }
      List<String> command = new ArrayList<>();
      command.add(java());
      command.addAll(
          List.of(
              "-Xms128m",
              "-Xmx512m",
              "-XX:+UseG1GC",
              "-XX:TieredStopAtLevel=1",
              "-Djava.awt.headless=true",
              "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
              "-cp",
              classpath,
              "kafka.Kafka",
              config.toString()));
      // In a session of its own: only close() stops it, after the services have left their
      // consumer groups (see OwnSession).
      Process process =
          new ProcessBuilder(OwnSession.command(command))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
              .start();
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(process, brokerPort);
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-embedded-kafka"));
      long deadline = System.currentTimeMillis() + 60_000;
      while (!Ports.isListening("127.0.0.1", brokerPort)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker exited with "
                  + process.exitValue()
                  + "; see "
                  + dir.resolve("stdout.log"));
        }
        if (System.currentTimeMillis() > deadline) {
          broker.close();
          throw new IllegalStateException("Kafka broker did not start within 60 s; see " + dir);
        }
        Thread.sleep(100);
      }
      return broker;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start embedded Kafka", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting embedded Kafka", e);
    }
  }

  private static String serverProperties(int brokerPort, int controllerPort, Path logs) {
    return """
        process.roles=broker,controller
        node.id=1
        controller.quorum.voters=1@127.0.0.1:%d
        listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d
        advertised.listeners=PLAINTEXT://127.0.0.1:%d
        controller.listener.names=CONTROLLER
        inter.broker.listener.name=PLAINTEXT
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        log.dirs=%s
        num.partitions=3
        auto.create.topics.enable=true
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=3
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        log.retention.hours=168
        """
        .formatted(controllerPort, brokerPort, controllerPort, brokerPort, logs.toAbsolutePath());
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process format =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile()))
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException(
          "Formatting Kafka storage failed; see " + dir.resolve("format.log"));
    }
  }

  private static String classpath() throws IOException {
    try (InputStream in = EmbeddedKafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE + " is missing: build the embedded-kafka-runtime module first");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String clusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      // An id starting with '-' would be read as an option by the storage tool's parser.
    } while (id.startsWith("-"));
    return id;
  }

  public int port() {
    return port;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
