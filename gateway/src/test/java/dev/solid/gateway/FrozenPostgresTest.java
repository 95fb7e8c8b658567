package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static dev.solid.gateway.Frozen.answered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.gateway.resilience.DependencyGuards;
import dev.solid.infra.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway whose PostgreSQL is frozen (SIGSTOP on the postmaster and every backend: connections
 * open, new ones accepted by the kernel, nothing answered): requests that need it are answered 503
 * with Retry-After after the deadline, instead of hanging, and once it thaws everything works
 * again. The PostgreSQL is this class's own, so that freezing it freezes no other test.
 */
@QuarkusTest
@TestProfile(FrozenPostgresTest.PrivatePostgres.class)
class FrozenPostgresTest {
  @Inject CircuitBreakerMaintenance breakers;

  /**
   * A PostgreSQL of its own, and the production deadlines for PostgreSQL (not the tests' generous
   * ones).
   */
  public static class PrivatePostgres implements QuarkusTestProfile {
    private static EmbeddedPostgresServer server;

    static synchronized EmbeddedPostgresServer server() {
      if (server == null) {
        server = EmbeddedPostgresServer.start(null, 0);
        server.ensureDatabase("solid");
        EmbeddedPostgresServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-frozen-postgres"));
      }
      return server;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.datasource.reactive.url",
          server().reactiveUrl("solid"),
          "quarkus.datasource.jdbc.url",
          server().jdbcUrl("solid"),
          "solid.gateway.dependencies.credentials-timeout",
          "1s",
          "solid.gateway.dependencies.database-timeout",
          "3s");
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterWhilePostgresIsFrozenAndRecoverOnceItThaws() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");

    try (Frozen postgres = Frozen.withChildren(PrivatePostgres.server().postmasterPid())) {
      Response read = answered(() -> as(key).get("/api/v1/crm/contacts"));
      Response keys = answered(() -> as(company.ownerToken()).get("/api/v1/auth/keys"));
      Response login =
          answered(
              () ->
                  given()
                      .contentType(ContentType.JSON)
                      .body(Map.of("email", company.email(), "password", company.password()))
                      .post("/api/v1/auth/login"));
      Response signup =
          answered(
              () ->
                  given()
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "company_name", "Frozen Co",
                              "email", "frozen-" + UUID.randomUUID() + "@example.com",
                              "password", "long enough password"))
                      .post("/api/v1/auth/signup"));

      for (Response response : List.of(read, keys, login, signup)) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo("service_unavailable");
        assertThat(response.header("Retry-After")).isNotNull();
      }
    }

    awaitRecovery(key);
  }

  @Test
  void shouldStopAskingAFrozenPostgresOnceTheBreakerOpens() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");

    try (Frozen postgres = Frozen.withChildren(PrivatePostgres.server().postmasterPid())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(answered(() -> as(key).get("/api/v1/crm/contacts")).statusCode())
                    .isEqualTo(503);
                assertThat(breakers.currentState(DependencyGuards.CREDENTIALS))
                    .isEqualTo(CircuitBreakerState.OPEN);
              });

      // Open: answered without asking PostgreSQL, the same way.
      Response read = answered(() -> as(key).get("/api/v1/crm/contacts"));
      assertThat(read.statusCode()).isEqualTo(503);
      assertThat(read.header("Retry-After")).isNotNull();
    }

    awaitRecovery(key);
  }

  /** Thawed: the key is checked again once the breaker's trial call has succeeded. */
  private static void awaitRecovery(String key) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(as(key).get("/api/v1/crm/contacts").statusCode()).isEqualTo(200));
  }
}
