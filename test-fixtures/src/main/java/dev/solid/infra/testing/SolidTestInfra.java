package dev.solid.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource that points a service at real embedded PostgreSQL, Redis and Kafka and at a
 * fresh internal-JWT key pair. Args {@code postgres}, {@code redis}, {@code kafka} ("true"/"false",
 * default true) choose what a service needs.
 *
 * <pre>{@code @QuarkusTestResource(value = SolidTestInfra.class, initArgs = @ResourceArg(name =
 * "kafka", value = "false"))}</pre>
 */
public class SolidTestInfra implements QuarkusTestResourceLifecycleManager {
  private boolean postgres = true;
  private boolean redis = true;
  private boolean kafka = true;

  @Override
  public void init(Map<String, String> initArgs) {
    postgres = !"false".equals(initArgs.get("postgres"));
    redis = !"false".equals(initArgs.get("redis"));
    kafka = !"false".equals(initArgs.get("kafka"));
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>();
    var keys = SharedInfra.jwtKeys();
    config.put("mp.jwt.verify.publickey.location", keys.publicKey().toUri().toString());
    config.put("smallrye.jwt.sign.key.location", keys.privateKey().toUri().toString());
    config.put("solid.test.jwt.private-key", keys.privateKey().toString());
    if (postgres) {
      var pg = SharedInfra.postgres();
      config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(SharedInfra.DATABASE));
      config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(SharedInfra.DATABASE));
      config.put("quarkus.datasource.username", "postgres");
      config.put("quarkus.datasource.password", "postgres");
    }
    if (redis) {
      config.put("quarkus.redis.hosts", SharedInfra.redis().url());
    }
    if (kafka) {
      config.put("kafka.bootstrap.servers", SharedInfra.kafka().bootstrapServers());
    }
    return config;
  }

  @Override
  public void stop() {
    // Shared for the whole JVM; shutdown hooks stop the servers.
  }
}
