package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

  private static Response post(String key, String idempotencyKey, String path, String body) {
    return as(key)
        .header("Idempotency-Key", idempotencyKey)
        .contentType(ContentType.JSON)
        .body(body)
        .post(path);
  }

  @Test
  void shouldReplayFirstResponseForSameIdempotencyKey() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/replay-" + UUID.randomUUID();
    String idem = UUID.randomUUID().toString();

    Response first = post(key, idem, path, "{\"name\":\"Sarah\"}");
    Response second = post(key, idem, path, "{\"name\":\"Sarah\"}");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    assertThat(second.header("Content-Type")).isEqualTo(first.header("Content-Type"));
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  @Test
  void shouldRejectSameKeyWithDifferentBodyAsConflict() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/conflict-" + UUID.randomUUID();
    String idem = UUID.randomUUID().toString();
    assertThat(post(key, idem, path, "{\"name\":\"Sarah\"}").statusCode()).isEqualTo(201);

    Response other = post(key, idem, path, "{\"name\":\"Someone else\"}");

    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(other.jsonPath().getString("code")).isEqualTo("conflict");
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  @Test
  void shouldAnswerKeyInUseWhileTheFirstRequestRuns() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/" + UUID.randomUUID() + "/slow";
    String idem = UUID.randomUUID().toString();

    List<Response> responses =
        RateLimitTest.concurrently(2, () -> post(key, idem, path, "{\"name\":\"Slow\"}"));

    assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 409);
    Response conflict =
        responses.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
    assertThat(conflict.jsonPath().getString("code")).isEqualTo("idempotency_key_in_use");
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  @Test
  void shouldRunOnceForTwentyConcurrentRequestsWithOneKey() throws Exception {
    Api.Company company = Api.signup("enterprise");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/burst-" + UUID.randomUUID();
    String idem = UUID.randomUUID().toString();

    List<Response> responses =
        RateLimitTest.concurrently(20, () -> post(key, idem, path, "{\"name\":\"Burst\"}"));

    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
    byte[] created =
        responses.stream()
            .filter(r -> r.header("Idempotent-Replayed") == null && r.statusCode() == 201)
            .findFirst()
            .orElseThrow()
            .asByteArray();
    for (Response r : responses) {
      if (r.statusCode() == 409) {
        assertThat(r.jsonPath().getString("code")).isEqualTo("idempotency_key_in_use");
      } else {
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.asByteArray()).isEqualTo(created);
      }
    }
  }

  @Test
  void shouldNotStoreServerErrorsSoARetryRunsAgain() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/" + UUID.randomUUID() + "/fail";
    String idem = UUID.randomUUID().toString();

    assertThat(post(key, idem, path, "{}").statusCode()).isEqualTo(500);
    assertThat(post(key, idem, path, "{}").statusCode()).isEqualTo(500);

    assertThat(EchoUpstream.calls(path)).isEqualTo(2);
  }

  @Test
  void shouldScopeIdempotencyKeysToCompanyAndMode() {
    Api.Company first = Api.signup("starter");
    Api.Company second = Api.signup("starter");
    String firstTest = Api.createKey(first, "test", null, "write:contacts");
    String firstLive = Api.createKey(first, "live", null, "write:contacts");
    String secondTest = Api.createKey(second, "test", null, "write:contacts");
    String path = "/api/v1/crm/scoped-" + UUID.randomUUID();
    String idem = UUID.randomUUID().toString();

    post(firstTest, idem, path, "{}");
    post(firstLive, idem, path, "{}");
    post(secondTest, idem, path, "{}");

    assertThat(EchoUpstream.calls(path)).isEqualTo(3);
  }

  @Test
  void shouldReplayLocalEndpointsToo() {
    Api.Company company = Api.signup("starter");
    String idem = UUID.randomUUID().toString();
    String body = "{\"name\":\"ci\",\"scopes\":[\"read:contacts\"],\"mode\":\"test\"}";
    Response first =
        io.restassured.RestAssured.given()
            .header("Authorization", "Bearer " + company.ownerToken())
            .header("Idempotency-Key", idem)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/auth/keys");
    Response second =
        io.restassured.RestAssured.given()
            .header("Authorization", "Bearer " + company.ownerToken())
            .header("Idempotency-Key", idem)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/auth/keys");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
    io.restassured.RestAssured.given()
        .header("Authorization", "Bearer " + company.ownerToken())
        .get("/api/v1/auth/keys")
        .then()
        .body("total", org.hamcrest.Matchers.is(1));
  }
}
