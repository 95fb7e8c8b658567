package dev.solid.infra.testing;

import dev.solid.infra.EmbeddedKafkaBroker;
import dev.solid.infra.EmbeddedPostgresServer;
import dev.solid.infra.EmbeddedRedisServer;
import dev.solid.infra.InternalJwtKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The infrastructure of one test JVM: started on first use on free ports, shared by every test
 * class, stopped when the JVM exits. Free ports keep tests clear of a running local stack.
 */
public final class SharedInfra {
  public static final String DATABASE = "solid";

  private static EmbeddedPostgresServer postgres;
  private static EmbeddedRedisServer redis;
  private static EmbeddedKafkaBroker kafka;
  private static InternalJwtKeys keys;

  private SharedInfra() {}

  public static synchronized EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      postgres = EmbeddedPostgresServer.start(null, 0);
      postgres.ensureDatabase(DATABASE);
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-test-postgres"));
    }
    return postgres;
  }

  public static synchronized EmbeddedRedisServer redis() {
    if (redis == null) {
      redis = EmbeddedRedisServer.start(null, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "stop-test-redis"));
    }
    return redis;
  }

  public static synchronized EmbeddedKafkaBroker kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafkaBroker.start(null, 0);
    }
    return kafka;
  }

  public static synchronized InternalJwtKeys jwtKeys() {
    if (keys == null) {
      try {
        keys = InternalJwtKeys.ensure(Files.createTempDirectory("solid-jwt"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return keys;
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
