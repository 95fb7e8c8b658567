package dev.solid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.EmbeddedPostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A PostgreSQL the launcher did not start: it creates the database there when it is missing. */
class ExternalPostgresTest {
  private static EmbeddedPostgresServer external;
  private final Console console =
      new Console(
          new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(new ByteArrayOutputStream()));

  @BeforeAll
  static void startAServerOfSomeoneElse() {
    external = EmbeddedPostgresServer.start(null, 0);
  }

  @AfterAll
  static void stop() {
    if (external != null) {
      external.close();
    }
  }

  @Test
  void shouldCreateTheMissingDatabaseAndLeaveAnExistingOneAlone() throws Exception {
    String database = "solid_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PlatformOptions.Postgres pg =
        new PlatformOptions.Postgres(
            "127.0.0.1", external.port(), "postgres", "postgres", database);

    Infrastructure.ensureExternalDatabase(pg, console);
    Infrastructure.ensureExternalDatabase(pg, console);

    try (Connection connection =
        DriverManager.getConnection(external.jdbcUrl(database), "postgres", "postgres")) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  @Test
  void shouldUseAnExistingDatabaseWithoutTheMaintenanceDatabase() throws Exception {
    String database = "solid_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String user = "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection admin =
            DriverManager.getConnection(external.jdbcUrl("postgres"), "postgres", "postgres");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + user + " LOGIN PASSWORD 'secret' NOCREATEDB");
      statement.execute("CREATE DATABASE " + database + " OWNER " + user);
      // Like a managed server that only lets an application into its own database.
      statement.execute("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC");
    }
    try {
      PlatformOptions.Postgres pg =
          new PlatformOptions.Postgres("127.0.0.1", external.port(), user, "secret", database);

      Infrastructure.ensureExternalDatabase(pg, console);
    } finally {
      try (Connection admin =
              DriverManager.getConnection(external.jdbcUrl("postgres"), "postgres", "postgres");
          Statement statement = admin.createStatement()) {
        statement.execute("GRANT CONNECT ON DATABASE postgres TO PUBLIC");
      }
    }
  }
}
