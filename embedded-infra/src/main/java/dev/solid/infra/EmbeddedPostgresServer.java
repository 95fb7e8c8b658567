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

/**
 * A real PostgreSQL server from the zonky binaries. With a data directory the data survives a
 * restart (initdb runs only on an empty directory); without one a throw-away directory is used.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
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
      if (dataDirectory != null) {
        Files.createDirectories(dataDirectory);
        builder.setDataDirectory(dataDirectory.toFile()).setCleanDataDirectory(false);
      }
      return new EmbeddedPostgresServer(builder.start());
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

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new IllegalStateException("Could not stop embedded PostgreSQL", e);
    }
  }
}
