package dev.solid.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers that drive the gateway's public API like a client would. */
final class Api {
  private Api() {}

  record Company(long id, String email, String password, String ownerToken) {}

  static Company signup(String plan) {
    String email = "owner-" + UUID.randomUUID() + "@example.com";
    String password = "correct horse battery";
    Number id =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "company_name",
                    "Acme " + email,
                    "email",
                    email,
                    "password",
                    password,
                    "plan",
                    plan))
            .post("/api/v1/auth/signup")
            .then()
            .statusCode(201)
            .extract()
            .path("company.id");
    String token =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", email, "password", password))
            .post("/api/v1/auth/login")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    return new Company(id.longValue(), email, password, token);
  }

  static String createKey(Company company, String mode, Integer limit, String... scopes) {
    Map<String, Object> body =
        limit == null
            ? Map.of("name", "test key", "scopes", List.of(scopes), "mode", mode)
            : Map.of(
                "name",
                "test key",
                "scopes",
                List.of(scopes),
                "mode",
                mode,
                "rate_limit_per_minute",
                limit);
    return given()
        .header("Authorization", "Bearer " + company.ownerToken())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/auth/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }
}
