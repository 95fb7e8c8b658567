package dev.solid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.solid.infra.EmbeddedPostgresServer;
import dev.solid.infra.PostmasterPidFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL of the launcher's own data directory that is still stopping holds the port for a
 * while. It used to be taken for an external server, which then refused the connection: "Could not
 * find or create database 'solid' … Connection refused".
 */
class StoppingPostgresTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Console console =
      new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

  @TempDir Path data;

  @Test
  void shouldWaitForAStoppingPostgresOfItsDataDirectoryAndThenStartItsOwn() throws Exception {
    PlatformOptions options = reusingOptions();
    Stopping previous = stopWithASessionOpen(options);
    // The session that keeps it stopping ends a moment after the start began waiting.
    CompletableFuture.runAsync(
        previous::endSession, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));

    try (Infrastructure infrastructure = Infrastructure.start(options, console)) {
      String output = out.toString(StandardCharsets.UTF_8);
      assertThat(output)
          .contains(
              "port "
                  + options.postgres().port()
                  + " is held by a PostgreSQL that is still stopping (pid "
                  + previous.postmaster.pid()
                  + ")")
          .doesNotContain("not managed by this launcher");
      assertThat(previous.postmaster.isAlive()).isFalse();
      try (Connection connection =
          DriverManager.getConnection(
              infrastructure.endpoints().jdbcUrl(),
              infrastructure.endpoints().postgresUser(),
              infrastructure.endpoints().postgresPassword())) {
        assertThat(connection.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void shouldSayPlainlyThatThePortIsHeldByAPostgresStillStopping() throws Exception {
    PlatformOptions options = reusingOptions();
    Stopping previous = stopWithASessionOpen(options);
    try {
      assertThatThrownBy(
              () -> Infrastructure.awaitStoppingPostgres(options, console, Duration.ofSeconds(1)))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining(
              "Port "
                  + options.postgres().port()
                  + " is held by a PostgreSQL that is still stopping (pid "
                  + previous.postmaster.pid());
    } finally {
      previous.endSession();
      previous.postmaster.onExit().get(60, TimeUnit.SECONDS);
    }
  }

  /** A server that got SIGTERM: a smart shutdown, which waits for its open session to end. */
  private record Stopping(ProcessHandle postmaster, Connection session) {
    void endSession() {
      try {
        session.close();
      } catch (SQLException e) {
        // The server may have gone already.
      }
    }
  }

  /**
   * Starts PostgreSQL on the launcher's data directory from another JVM, as an earlier launcher
   * would have, which then dies and leaves it running (the server is not the JVM's child: pg_ctl
   * detaches it); then opens a session and sends the server SIGTERM.
   */
  private Stopping stopWithASessionOpen(PlatformOptions options) throws Exception {
    Path directory = options.dataDirectory().resolve("postgres");
    int port = options.postgres().port();
    Process earlier =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EarlierLauncher.class.getName(),
                directory.toString(),
                Integer.toString(port),
                options.postgres().database())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("earlier-launcher.log").toFile())
            .start();
    try {
      await("PostgreSQL started by the earlier launcher")
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                assertThat(earlier.isAlive()).as("earlier launcher alive").isTrue();
                return PostmasterPidFile.read(directory)
                    .map(p -> p.status().equals("ready"))
                    .orElse(false);
              });
      await("the database exists").atMost(Duration.ofSeconds(30)).until(() -> canConnect(options));
    } finally {
      earlier.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // dies without stopping anything
    }
    Connection session =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/" + options.postgres().database(),
            "postgres",
            "postgres");
    ProcessHandle postmaster =
        PostmasterPidFile.read(directory).flatMap(PostmasterPidFile::process).orElseThrow();
    postmaster.destroy();
    await("the postmaster reports it is stopping")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> PostmasterPidFile.read(directory).map(PostmasterPidFile::stopping).orElse(false));
    return new Stopping(postmaster, session);
  }

  private static boolean canConnect(PlatformOptions options) {
    try (Connection connection =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:"
                + options.postgres().port()
                + "/"
                + options.postgres().database(),
            "postgres",
            "postgres")) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  /** The part of an earlier launcher that matters here: it started PostgreSQL, then it died. */
  public static final class EarlierLauncher {
    public static void main(String[] args) throws Exception {
      EmbeddedPostgresServer server =
          EmbeddedPostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]));
      server.ensureDatabase(args[2]);
      Thread.currentThread().join(); // until killed
    }
  }

  /** Free ports, and reuse of whatever answers on them, as {@code deploy/local/run} does. */
  private PlatformOptions reusingOptions() {
    PlatformOptions free =
        PlatformOptions.forTests(
            PlatformOptions.locateRepositoryRoot(), data.resolve("data"), data.resolve("logs"));
    return new PlatformOptions(
        free.repositoryRoot(),
        free.dataDirectory(),
        free.logDirectory(),
        free.localEnvFile(),
        false,
        true,
        free.postgres(),
        free.redis(),
        free.kafkaBootstrap(),
        free.servicePorts(),
        free.readyTimeout(),
        free.stopTimeout());
  }
}
