package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(EchoUpstream.class)
class AuthAndKeysTest {
  @jakarta.inject.Inject io.vertx.mutiny.sqlclient.Pool pool;

  @Test
  void shouldSignUpCompanyWithOwner() {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "company_name", "Kitchen Co",
                "email", "ann-" + System.nanoTime() + "@kitchen.example",
                "password", "long enough password",
                "plan", "builder"))
        .post("/api/v1/auth/signup")
        .then()
        .statusCode(201)
        .header("X-Request-Id", startsWith("req_"))
        .body("company.id", notNullValue())
        .body("company.name", is("Kitchen Co"))
        .body("company.plan", is("builder"))
        .body("user.email", startsWith("ann-"))
        .body("user.password", nullValue());
  }

  @Test
  void shouldRefuseSecondSignupWithSameEmailAsConflict() {
    Api.Company company = Api.signup("starter");
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "company_name",
                "Again",
                "email",
                company.email().toUpperCase(),
                "password",
                "another password"))
        .post("/api/v1/auth/signup")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", is("conflict"));
  }

  @Test
  void shouldListEveryInvalidSignupFieldInDetails() {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "company_name", "", "email", "not-an-email", "password", "short", "plan", "gold"))
        .post("/api/v1/auth/signup")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", is("validation_error"))
        .body("type", is("https://docs.solid.dev/errors/validation_error"))
        .body("details.field", hasItem("company_name"))
        .body("details.field", hasItem("email"))
        .body("details.field", hasItem("password"))
        .body("details.field", hasItem("plan"))
        .body("request_id", startsWith("req_"));
  }

  @Test
  void shouldAnswerLoginFailuresAlikeForUnknownEmailAndWrongPassword() {
    Api.Company company = Api.signup("starter");
    String wrongPassword =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", company.email(), "password", "wrong password!"))
            .post("/api/v1/auth/login")
            .then()
            .statusCode(401)
            .body("code", is("unauthorized"))
            .extract()
            .path("message");
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "email",
                "nobody-" + System.nanoTime() + "@example.com",
                "password",
                "wrong password!"))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(401)
        .body("message", is(wrongPassword));
  }

  @Test
  void shouldShowKeyOnceAndListItWithoutSecret() {
    Api.Company company = Api.signup("professional");
    String key =
        postKey(
                company.ownerToken(),
                Map.of(
                    "name",
                    "production-sender",
                    "scopes",
                    List.of("write:messages"),
                    "mode",
                    "live"))
            .statusCode(201)
            .body("name", is("production-sender"))
            .body("mode", is("live"))
            .body("scopes", is(List.of("write:messages")))
            .body("created_at", notNullValue())
            .extract()
            .path("key");
    org.assertj.core.api.Assertions.assertThat(key).startsWith("sk_solid_live_").hasSize(52);
    as(company.ownerToken())
        .get("/api/v1/auth/keys")
        .then()
        .statusCode(200)
        .body("total", is(1))
        .body("items[0].name", is("production-sender"))
        .body("items[0].prefix", is(key.substring(0, 18)))
        .body("items", everyItem(not(org.hamcrest.Matchers.hasKey("key"))));
  }

  @Test
  void shouldRejectUnknownScopeWith422() {
    Api.Company company = Api.signup("starter");
    postKey(
            company.ownerToken(),
            Map.of(
                "name",
                "bad",
                "scopes",
                List.of("read:contacts", "delete:everything"),
                "mode",
                "test"))
        .statusCode(422)
        .body("details[0].field", is("scopes"))
        .body("details[0].error", is("unknown_scope"))
        .body("details[0].received", is(List.of("delete:everything")));
  }

  @Test
  void shouldRefuseRevokedKeyOnTheVeryNextRequest() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    as(key).get("/api/v1/crm/contacts").then().statusCode(200);
    Number id =
        as(company.ownerToken()).get("/api/v1/auth/keys").then().extract().path("items[0].id");
    as(company.ownerToken()).delete("/api/v1/auth/keys/" + id).then().statusCode(204);
    as(key)
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", is("unauthorized"))
        .body("message", is("This API key has been revoked"));
  }

  @Test
  void shouldKeepOldAndNewKeyValidDuringRotation() {
    Api.Company company = Api.signup("starter");
    String oldKey = Api.createKey(company, "live", null, "read:contacts");
    String newKey = Api.createKey(company, "live", null, "read:contacts");
    as(oldKey).get("/api/v1/crm/contacts").then().statusCode(200);
    as(newKey).get("/api/v1/crm/contacts").then().statusCode(200);
  }

  @Test
  void shouldNotLetKeyWithoutManageKeysCreateKeys() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    postKey(key, Map.of("name", "escalate", "scopes", List.of("read:contacts"), "mode", "test"))
        .statusCode(403)
        .body("code", is("forbidden"))
        .body("message", org.hamcrest.Matchers.containsString("manage:keys"));
  }

  @Test
  void shouldLetManagingKeyGrantOnlyScopesItHolds() {
    Api.Company company = Api.signup("starter");
    String manager = Api.createKey(company, "test", null, "manage:keys", "read:contacts");
    postKey(manager, Map.of("name", "child", "scopes", List.of("read:contacts"), "mode", "test"))
        .statusCode(201);
    postKey(manager, Map.of("name", "child", "scopes", List.of("write:contacts"), "mode", "test"))
        .statusCode(403)
        .body("message", org.hamcrest.Matchers.containsString("write:contacts"));
  }

  @Test
  void shouldNotRevokeAnotherCompanysKey() {
    Api.Company mine = Api.signup("starter");
    Api.Company theirs = Api.signup("starter");
    Api.createKey(theirs, "test", null, "read:contacts");
    Number theirKeyId =
        as(theirs.ownerToken()).get("/api/v1/auth/keys").then().extract().path("items[0].id");
    as(mine.ownerToken())
        .delete("/api/v1/auth/keys/" + theirKeyId)
        .then()
        .statusCode(404)
        .body("code", is("not_found"));
  }

  @Test
  void shouldIssueABearerTokenThatExpiresAndStoreOnlyABcryptHash() {
    Api.Company company = Api.signup("starter");
    var login =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", company.email(), "password", company.password()))
            .post("/api/v1/auth/login")
            .then()
            .statusCode(200)
            .body("token_type", is("Bearer"))
            .body("expires_in", org.hamcrest.Matchers.greaterThan(0))
            .body("access_token", startsWith("ey"))
            .extract();
    String token = login.path("access_token");
    int expiresIn = login.path("expires_in");
    var claims =
        io.restassured.path.json.JsonPath.from(
            new String(
                java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8));
    // The token really expires, when the answer says it does.
    org.assertj.core.api.Assertions.assertThat(claims.getLong("exp"))
        .isCloseTo(claims.getLong("iat") + expiresIn, org.assertj.core.data.Offset.offset(5L));
    String stored =
        pool.preparedQuery("SELECT password_hash FROM gateway.users WHERE email = $1")
            .execute(io.vertx.mutiny.sqlclient.Tuple.of(company.email()))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getString(0);
    org.assertj.core.api.Assertions.assertThat(stored)
        .doesNotContain(company.password())
        .matches("^\\$2[aby]?\\$\\d{2}\\$.{53}$");
  }

  @Test
  void shouldReturnTheEffectiveRateLimitAndDefaultToTestMode() {
    Api.Company company = Api.signup("builder");
    postKey(company.ownerToken(), Map.of("name", "no mode", "scopes", List.of("read:contacts")))
        .statusCode(201)
        .body("mode", is("test"))
        .body("key", startsWith("sk_solid_test_"))
        .body("rate_limit_per_minute", is(120));
    as(company.ownerToken())
        .get("/api/v1/auth/keys")
        .then()
        .body("items[0].rate_limit_per_minute", is(120));
  }

  @Test
  void shouldRejectAnUnknownModeWith422() {
    Api.Company company = Api.signup("starter");
    postKey(
            company.ownerToken(),
            Map.of("name", "odd", "scopes", List.of("read:contacts"), "mode", "staging"))
        .statusCode(422)
        .body("details[0].field", is("mode"));
  }

  @Test
  void shouldCapAKeysRateLimitOverrideAtTheCreatingKeysOwnLimit() {
    Api.Company company = Api.signup("starter");
    String manager = Api.createKey(company, "test", 50, "manage:keys", "read:contacts");
    postKey(
            manager,
            Map.of(
                "name", "greedy", "scopes", List.of("read:contacts"), "rate_limit_per_minute", 51))
        .statusCode(422)
        .body("details[0].field", is("rate_limit_per_minute"));
    postKey(
            manager,
            Map.of(
                "name", "modest", "scopes", List.of("read:contacts"), "rate_limit_per_minute", 50))
        .statusCode(201)
        .body("rate_limit_per_minute", is(50));
  }

  @Test
  void shouldGiveAKeyMadeByALimitedKeyItsMakersLimitWhenNoneIsAsked() {
    Api.Company company = Api.signup("starter");
    String manager = Api.createKey(company, "test", 50, "manage:keys", "read:contacts");
    String made =
        postKey(manager, Map.of("name", "unlimited?", "scopes", List.of("read:contacts")))
            .statusCode(201)
            .body("rate_limit_per_minute", is(50))
            .extract()
            .path("key");
    as(made).get("/api/v1/crm/contacts").then().statusCode(200).header("X-RateLimit-Limit", "50");
  }

  @Test
  void shouldCapTheOwnersRateLimitOverrideAtTheConfiguredMaximum() {
    Api.Company company = Api.signup("starter");
    postKey(
            company.ownerToken(),
            Map.of(
                "name",
                "huge",
                "scopes",
                List.of("read:contacts"),
                "rate_limit_per_minute",
                100_000))
        .statusCode(422)
        .body("details[0].field", is("rate_limit_per_minute"));
    postKey(
            company.ownerToken(),
            Map.of(
                "name", "big", "scopes", List.of("read:contacts"), "rate_limit_per_minute", 10_000))
        .statusCode(201)
        .body("rate_limit_per_minute", is(10_000));
  }

  /** Asks for a new key with the given credential (an owner token or a managing key). */
  private static ValidatableResponse postKey(String credential, Map<String, ?> body) {
    return as(credential).contentType(ContentType.JSON).body(body).post("/api/v1/auth/keys").then();
  }
}
