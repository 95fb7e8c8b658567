package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.gateway.key.ApiKeyFormat;
import dev.solid.infra.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway whose PostgreSQL is away (a closed port): credentials cannot be checked. */
@QuarkusTest
@TestProfile(DatabaseUnreachableTest.NoDatabase.class)
class DatabaseUnreachableTest {

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
}
