package dev.solid.infra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Proves that a service's migrations upgrade every database an earlier release left behind, not
 * just an empty one. Tests start from empty schemas, so a migration that Flyway refuses on an
 * existing database (say a new {@code V3} below the shared outbox's {@code V1000}, which is "out of
 * order") would pass every test and still stop the service at its next deploy.
 *
 * <p>For each of the service's own migration versions it builds the database of "the release that
 * ended there" (the service's migrations up to that version plus every shared one, such as the
 * outbox's), then migrates it with the service's real Flyway settings from its {@code
 * application.properties}, as the service does at start-up.
 */
public final class MigrationUpgrades {
  /** Shared migrations (the outbox's) carry versions from here on; services stay below. */
  private static final int SHARED_FROM = 1000;

  private MigrationUpgrades() {}

  /** One migrated release: the version it ended at and what the upgrade then applied. */
  public record Upgrade(String fromVersion, int applied) {}

  /**
   * Runs the check for the service whose {@code application.properties} is on the classpath.
   *
   * @return one entry per simulated earlier release
   * @throws org.flywaydb.core.api.FlywayException when an upgrade is refused
   */
  public static List<Upgrade> checkEveryRelease() {
    Properties app = applicationProperties();
    String schema = required(app, "quarkus.flyway.schemas");
    String[] locations = required(app, "quarkus.flyway.locations").split(",");
    boolean outOfOrder =
        Boolean.parseBoolean(app.getProperty("quarkus.flyway.out-of-order", "false"));
    // A database per simulated release: migrations name their schema outright ("crm.contacts").
    var postgres = SharedInfra.postgres();
    String probe = "upgrades_" + schema + "_probe";
    postgres.ensureDatabase(probe);

    List<MigrationInfo> all =
        Arrays.stream(flyway(postgres.jdbcUrl(probe), schema, locations, false).info().all())
            .filter(m -> m.getVersion() != null)
            .sorted(Comparator.comparing(MigrationInfo::getVersion))
            .toList();
    List<MigrationInfo> own = all.stream().filter(m -> !isShared(m)).toList();
    List<Upgrade> upgrades = new ArrayList<>();
    // The newest migration ends no earlier release: the database it would leave is the current one.
    for (MigrationInfo release : own.subList(0, Math.max(0, own.size() - 1))) {
      String database =
          "upgrades_" + schema + "_v" + release.getVersion().getVersion().replace('.', '_');
      postgres.ensureDatabase(database);
      String url = postgres.jdbcUrl(database);
      Path dir = SharedInfra.tempDir("migrations-" + database);
      for (MigrationInfo m : all) {
        if (isShared(m) || m.getVersion().compareTo(release.getVersion()) <= 0) {
          copy(m, locations, dir);
        }
      }
      flyway(url, schema, new String[] {"filesystem:" + dir}, false).migrate();
      MigrateResult result = flyway(url, schema, locations, outOfOrder).migrate();
      upgrades.add(new Upgrade(release.getVersion().getVersion(), result.migrationsExecuted));
    }
    return upgrades;
  }

  private static boolean isShared(MigrationInfo migration) {
    return Integer.parseInt(migration.getVersion().getVersion().split("\\.")[0]) >= SHARED_FROM;
  }

  private static Flyway flyway(String url, String schema, String[] locations, boolean outOfOrder) {
    return Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .schemas(schema)
        .defaultSchema(schema)
        .locations(locations)
        .outOfOrder(outOfOrder)
        .load();
  }

  private static void copy(MigrationInfo migration, String[] locations, Path dir) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String location : locations) {
      String resource = location.replaceFirst("^classpath:", "") + "/" + migration.getScript();
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in != null) {
          Files.copy(in, dir.resolve(migration.getScript()), StandardCopyOption.REPLACE_EXISTING);
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("Migration script not found: " + migration.getScript());
  }

  private static Properties applicationProperties() {
    Properties properties = new Properties();
    try (InputStream in =
        Thread.currentThread()
            .getContextClassLoader()
            .getResourceAsStream("application.properties")) {
      if (in == null) {
        throw new IllegalStateException("application.properties is not on the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  private static String required(Properties properties, String name) {
    String value = properties.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set in application.properties");
    }
    return value.trim();
  }
}
