package dev.solid.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server from the zonky binaries. With a data directory the data survives a
 * restart (initdb runs only on an empty directory); without one a throw-away directory is used.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String USER = "postgres";

  /**
   * How long close() waits for the postmaster to exit. The stop itself ({@code pg_ctl stop -m fast
   * -t 5}) gives up after 5 s while the server goes on with its shutdown checkpoint, which takes
   * longer on a loaded machine with fsync on; returning then left a server still stopping on the
   * port, which the next start took for a running one.
   */
  static final Duration STOP_LIMIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts PostgreSQL on the given port (0 picks a free one).
   *
   * @param dataDirectory where the cluster lives; null for a temporary, cleaned-up one
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(dataDirectory, port);
      } catch (IllegalStateException e) {
        // See TextFileBusy: a binary extracted while another thread forks can be busy briefly.
        if (attempt >= 5 || !TextFileBusy.causedBy(e)) {
          throw e;
        }
        TextFileBusy.pause(attempt);
      }
    }
  }

  private static EmbeddedPostgresServer startOnce(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port == 0 ? Ports.free() : port)
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", dataDirectory == null ? "off" : "on")
              .setServerConfig("synchronous_commit", dataDirectory == null ? "off" : "on")
              .setServerConfig("full_page_writes", dataDirectory == null ? "off" : "on");
      // A directory of our own even when it is thrown away, so that close() can find the
      // postmaster's pid file.
      Path directory =
          dataDirectory != null ? dataDirectory : Files.createTempDirectory("solid-postgres");
      Files.createDirectories(directory);
      builder.setDataDirectory(directory.toFile()).setCleanDataDirectory(dataDirectory == null);
      return new EmbeddedPostgresServer(builder.start(), directory);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start embedded PostgreSQL", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  public String reactiveUrl(String database) {
    return "postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /**
   * The postmaster's process id, from the first line of {@code postmaster.pid} in the data
   * directory (PostgreSQL's own record of it), e.g. for a test that freezes the server with
   * SIGSTOP. Each connection has a backend process of its own, a child of this one.
   */
  public long postmasterPid() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW data_directory")) {
      rs.next();
      Path pidFile = Paths.get(rs.getString(1), "postmaster.pid");
      return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("Could not read the postmaster's pid", e);
    }
  }

  /** Creates the database unless it exists already. */
  public void ensureDatabase(String database) {
    ensureDatabase(postgres.getPostgresDatabase(), database);
  }

  static void ensureDatabase(javax.sql.DataSource admin, String database) {
    try (Connection connection = admin.getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + database, e);
    }
  }

  /** The postmaster's process while it runs (pg_ctl detaches it, so it is no child of ours). */
  public Optional<ProcessHandle> postmaster() {
    return PostmasterPidFile.read(dataDirectory).flatMap(PostmasterPidFile::process);
  }

  /** Stops the server and returns once its postmaster has exited. */
  @Override
  public void close() {
    Optional<ProcessHandle> postmaster = postmaster();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new IllegalStateException("Could not stop embedded PostgreSQL", e);
    }
    postmaster.ifPresent(EmbeddedPostgresServer::awaitExit);
  }

  private static void awaitExit(ProcessHandle postmaster) {
    try {
      postmaster.onExit().get(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Stuck: SIGKILL; its backends notice their postmaster is gone and exit too.
      System.err.println(
          "[solid] PostgreSQL (pid "
              + postmaster.pid()
              + ") did not stop within "
              + STOP_LIMIT.toSeconds()
              + " s; killing it");
      postmaster.destroyForcibly();
    } catch (ExecutionException e) {
      // onExit() does not fail; nothing to wait for.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
