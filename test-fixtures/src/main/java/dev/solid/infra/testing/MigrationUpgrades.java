package dev.solid.infra.testing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 * application.properties} over the kit's shared defaults, as the service does at start-up.
 */
public final class MigrationUpgrades {
  /** Shared migrations (the service kit's) carry versions from here on; services stay below. */
  private static final int SHARED_FROM = 1000;

  /**
   * The shared migrations every earlier release already had (the outbox, V1000, shipped with each
   * service's first release). Later shared ones (V1001 and up) are new: a simulated earlier release
   * does not have them, and the upgrade must apply them on top of it.
   */
  private static final int SHARED_BASELINE = 1000;

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
    SmallRyeConfig app = serviceConfig();
    String schema = required(app, "quarkus.flyway.default-schema");
    String[] locations = required(app, "quarkus.flyway.locations").split(",");
    boolean outOfOrder =
        app.getOptionalValue("quarkus.flyway.out-of-order", Boolean.class).orElse(false);
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
        if (isShared(m)
            ? major(m) <= SHARED_BASELINE
            : m.getVersion().compareTo(release.getVersion()) <= 0) {
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
    return major(migration) >= SHARED_FROM;
  }

  private static int major(MigrationInfo migration) {
    return Integer.parseInt(migration.getVersion().getVersion().split("\\.")[0]);
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

  /**
   * The service's configuration as Quarkus reads it outside a profile: its {@code
   * application.properties} over the service kit's shared defaults ({@code
   * META-INF/microprofile-config.properties}), expressions resolved.
   */
  private static SmallRyeConfig serviceConfig() {
    URL app = Thread.currentThread().getContextClassLoader().getResource("application.properties");
    if (app == null) {
      throw new IllegalStateException("application.properties is not on the classpath");
    }
    try {
      return new SmallRyeConfigBuilder()
          .addDefaultSources()
          .withSources(new PropertiesConfigSource(app, 250))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String required(SmallRyeConfig config, String name) {
    String value = config.getOptionalValue(name, String.class).orElse(null);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set for this service");
    }
    return value.trim();
  }
}
