package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static dev.solid.gateway.Frozen.answered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.gateway.resilience.DependencyGuards;
import dev.solid.infra.EmbeddedRedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway whose Redis is frozen (SIGSTOP: alive, its connections open, answering nothing):
 * every request is still answered — the rate limiter lets requests pass after its deadline
 * (fail-open), a request with an Idempotency-Key is refused with 503 (fail-closed) — and once Redis
 * thaws, limits and idempotency work again. The Redis is this class's own, so that freezing it
 * freezes no other test.
 */
@QuarkusTest
@TestProfile(FrozenRedisTest.PrivateRedis.class)
class FrozenRedisTest {
  @Inject CircuitBreakerMaintenance breakers;

  /** A Redis of its own, and the production deadlines for Redis (not the tests' generous ones). */
  public static class PrivateRedis implements QuarkusTestProfile {
    private static EmbeddedRedisServer server;

    static synchronized EmbeddedRedisServer server() {
      if (server == null) {
        server = EmbeddedRedisServer.start(null, 0);
        EmbeddedRedisServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-frozen-redis"));
      }
      return server;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.redis.hosts", server().url(),
          "solid.gateway.dependencies.rate-limiter-timeout", "100ms",
          "solid.gateway.dependencies.idempotency-timeout", "500ms");
    }
  }

  @Test
  void shouldAnswerEveryRequestWhileRedisIsFrozenAndRecoverOnceItThaws() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts", "write:contacts");
    String path = "/api/v1/crm/frozen-redis-" + UUID.randomUUID();

    try (Frozen redis = Frozen.process(PrivateRedis.server().pid())) {
      Response read = answered(() -> as(key).get("/api/v1/crm/contacts"));
      Response write = answered(() -> post(key, null, path));
      Response idempotent = answered(() -> post(key, UUID.randomUUID().toString(), path));
      Response login =
          answered(
              () ->
                  given()
                      .contentType(ContentType.JSON)
                      .body(Map.of("email", company.email(), "password", company.password()))
                      .post("/api/v1/auth/login"));

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.header("X-RateLimit-Limit")).isEqualTo("60");
      assertThat(write.statusCode()).isEqualTo(201);
      assertThat(idempotent.statusCode()).isEqualTo(503);
      assertThat(idempotent.contentType()).startsWith("application/problem+json");
      assertThat(idempotent.jsonPath().getString("code")).isEqualTo("service_unavailable");
      assertThat(idempotent.header("Retry-After")).isNotNull();
      assertThat(login.statusCode()).isEqualTo(200);
    }

    awaitRecovery(key, path);
  }

  @Test
  void shouldStopAskingAFrozenRedisOnceItsBreakersOpen() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts", "write:contacts");
    String path = "/api/v1/crm/frozen-breaker-" + UUID.randomUUID();

    try (Frozen redis = Frozen.process(PrivateRedis.server().pid())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Response idempotent = answered(() -> post(key, UUID.randomUUID().toString(), path));
                assertThat(idempotent.statusCode()).isEqualTo(503);
                assertThat(breakers.currentState(DependencyGuards.RATE_LIMITER))
                    .isEqualTo(CircuitBreakerState.OPEN);
                assertThat(breakers.currentState(DependencyGuards.IDEMPOTENCY))
                    .isEqualTo(CircuitBreakerState.OPEN);
              });

      // Open: answered without asking Redis, the same way.
      assertThat(answered(() -> as(key).get("/api/v1/crm/contacts")).statusCode()).isEqualTo(200);
      Response idempotent = answered(() -> post(key, UUID.randomUUID().toString(), path));
      assertThat(idempotent.statusCode()).isEqualTo(503);
      assertThat(idempotent.header("Retry-After")).isNotNull();
    }

    awaitRecovery(key, path);
  }

  /**
   * Thawed: the limiter counts again (a fail-open answer reports the whole limit as remaining) and
   * an idempotent request runs, once each breaker's trial call has succeeded.
   */
  private static void awaitRecovery(String key, String path) {
    String idempotencyKey = UUID.randomUUID().toString();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Response read = as(key).get("/api/v1/crm/contacts");
              assertThat(read.statusCode()).isEqualTo(200);
              assertThat(Integer.parseInt(read.header("X-RateLimit-Remaining"))).isLessThan(60);
              assertThat(post(key, idempotencyKey, path).statusCode()).isEqualTo(201);
            });
  }

  private static Response post(String key, String idempotencyKey, String path) {
    var request = as(key).contentType(ContentType.JSON).body("{\"name\":\"Sarah\"}");
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return request.post(path);
  }
}
