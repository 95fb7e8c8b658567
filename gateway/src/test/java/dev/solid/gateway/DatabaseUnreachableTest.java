package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.gateway.auth.Principal;
import dev.solid.gateway.key.ApiKeyFormat;
import dev.solid.gateway.key.KeyEndpoints;
import dev.solid.gateway.proxy.ApiRequest;
import dev.solid.gateway.proxy.LocalResponse;
import dev.solid.infra.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The gateway whose PostgreSQL is away (a closed port): credentials cannot be checked. */
@QuarkusTest
@TestProfile(DatabaseUnreachableTest.NoDatabase.class)
class DatabaseUnreachableTest {
  @Inject KeyEndpoints keys;

  public static class NoDatabase implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      int closed = Ports.free();
      return Map.of(
          "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + closed + "/solid",
          "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + closed + "/solid",
          "quarkus.flyway.migrate-at-start", "false");
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenKeysCannotBeChecked() {
    Response response = as(ApiKeyFormat.generate(false)).get("/api/v1/crm/contacts");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo("service_unavailable");
    assertThat(response.header("Retry-After")).isNotNull();
    assertThat(response.jsonPath().getString("request_id"))
        .isEqualTo(response.header("X-Request-Id"));
  }

  @Test
  void shouldAnswer503ToLoginWhenTheDatabaseIsAway() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", "someone@example.com", "password", "long enough password"))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
  }

  /**
   * Key management while PostgreSQL is away. Over HTTP authentication would answer the 503 first
   * (it needs the database too), so the handlers are called as the pipeline calls them, with a
   * caller that authenticated a moment before the database went away.
   */
  @Test
  void shouldAnswer503WithRetryAfterToKeyManagementWhenTheDatabaseIsAway() {
    Principal owner = new Principal(1L, false, null, 1L, Set.copyOf(Scopes.ALL), 60, 60);
    List<Function<ApiRequest, Uni<LocalResponse>>> handlers =
        List.of(keys::list, keys::create, keys::revoke);
    ApiRequest request =
        new ApiRequest(
            "req_test",
            HttpMethod.POST,
            "/api/v1/auth/keys",
            null,
            MultiMap.caseInsensitiveMultiMap(),
            Buffer.buffer("{\"name\":\"k\",\"scopes\":[\"read:contacts\"]}"),
            "127.0.0.1",
            owner,
            Map.of("id", "1"));

    for (Function<ApiRequest, Uni<LocalResponse>> handler : handlers) {
      Throwable failure =
          handler
              .apply(request)
              .map(ignored -> (Throwable) null)
              .onFailure()
              .recoverWithItem(e -> e)
              .await()
              .atMost(Duration.ofSeconds(30));

      assertThat(failure).isInstanceOf(ApiException.class);
      ApiException problem = (ApiException) failure;
      assertThat(problem.code()).isEqualTo("service_unavailable");
      assertThat(problem.retryAfterSeconds()).isNotNull();
    }
  }
}
