package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {
  @Inject RedisAPI redis;

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
    String path = "/api/v1/crm/" + UUID.randomUUID() + "/held";
    String idem = UUID.randomUUID().toString();
    // The upstream holds the first request until the test lets it go, however slow the machine.
    CompletableFuture<Response> first =
        CompletableFuture.supplyAsync(() -> post(key, idem, path, "{\"name\":\"Slow\"}"));
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(EchoUpstream.calls(path)).isEqualTo(1));

      Response conflict = post(key, idem, path, "{\"name\":\"Slow\"}");

      assertThat(conflict.statusCode()).isEqualTo(409);
      assertThat(conflict.jsonPath().getString("code")).isEqualTo("idempotency_key_in_use");
    } finally {
      EchoUpstream.release(path);
    }
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  @Test
  void shouldNotStoreARateLimitOrKeyInUseAnswerSoARetryRunsAgain() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String limited = "/api/v1/crm/" + UUID.randomUUID() + "/limited";
    String inUse = "/api/v1/crm/" + UUID.randomUUID() + "/inuse";
    String idem = UUID.randomUUID().toString();

    Response first = post(key, idem, limited, "{}");
    Response retry = post(key, idem, limited, "{}");
    Response busy = post(key, idem + "-b", inUse, "{}");
    Response busyAgain = post(key, idem + "-b", inUse, "{}");

    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(retry.statusCode()).isEqualTo(429);
    assertThat(retry.header("Idempotent-Replayed")).isNull();
    assertThat(retry.header("Retry-After")).isEqualTo("3600");
    assertThat(EchoUpstream.calls(limited)).isEqualTo(2);
    assertThat(busy.statusCode()).isEqualTo(409);
    assertThat(busyAgain.header("Idempotent-Replayed")).isNull();
    assertThat(EchoUpstream.calls(inUse)).isEqualTo(2);
  }

  @Test
  void shouldNotReplayTheOwnersAnswerToAKeyOnOwnerOrKeyRoutes() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "live", null, "manage:sequences");
    String path = "/api/v1/sequences/" + UUID.randomUUID();
    String idem = UUID.randomUUID().toString();
    Response owners = ownerPost(company, idem, path, "{\"name\":\"Drip\"}");

    Response keys = post(key, idem, path, "{\"name\":\"Drip\"}");
    Response ownersAgain = ownerPost(company, idem, path, "{\"name\":\"Drip\"}");

    assertThat(owners.statusCode()).isEqualTo(201);
    assertThat(keys.statusCode()).isEqualTo(201);
    assertThat(keys.header("Idempotent-Replayed")).isNull();
    assertThat(ownersAgain.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(ownersAgain.asByteArray()).isEqualTo(owners.asByteArray());
    assertThat(EchoUpstream.calls(path)).isEqualTo(2);
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
  void shouldNeverStoreAnApiKeySecretAndAnswerARetryWithConflict() {
    Api.Company company = Api.signup("starter");
    String idem = UUID.randomUUID().toString();
    String body = "{\"name\":\"ci\",\"scopes\":[\"read:contacts\"],\"mode\":\"test\"}";
    Response first = ownerPost(company, idem, "/api/v1/auth/keys", body);
    Response second = ownerPost(company, idem, "/api/v1/auth/keys", body);

    assertThat(first.statusCode()).isEqualTo(201);
    String secret = first.jsonPath().getString("key");
    assertThat(secret).startsWith("sk_solid_test_");
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.contentType()).startsWith("application/problem+json");
    assertThat(second.jsonPath().getString("code")).isEqualTo("conflict");
    assertThat(second.jsonPath().getString("message"))
        .contains("API key " + first.jsonPath().getLong("id"))
        .contains("GET /api/v1/auth/keys");
    assertThat(second.asString()).doesNotContain(secret);
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(redisValuesContaining(secret)).isEmpty();
    as(company.ownerToken())
        .get("/api/v1/auth/keys")
        .then()
        .body("total", org.hamcrest.Matchers.is(1));
  }

  @Test
  void shouldNeverStoreLoginSoATokenNeverSitsInRedis() {
    Api.Company company = Api.signup("starter");
    String idem = UUID.randomUUID().toString();
    String body =
        "{\"email\":\"" + company.email() + "\",\"password\":\"" + company.password() + "\"}";
    Response first =
        given()
            .header("Idempotency-Key", idem)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/auth/login");
    Response second =
        given()
            .header("Idempotency-Key", idem)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/auth/login");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.header("Idempotent-Replayed")).isNull();
    assertThat(redisKeysMatching("solid:idem:*" + idem)).isEmpty();
    assertThat(redisValuesContaining(first.jsonPath().getString("access_token"))).isEmpty();
  }

  @Test
  void shouldRefuseAKeyWithoutTheScopeBeforeReplayingAnotherKeysResponse() {
    Api.Company company = Api.signup("starter");
    String writer = Api.createKey(company, "test", null, "write:contacts");
    String reader = Api.createKey(company, "test", null, "read:contacts");
    String path = "/api/v1/crm/contacts-" + UUID.randomUUID();
    String idem = UUID.randomUUID().toString();
    Response first = post(writer, idem, path, "{\"name\":\"Sarah\"}");

    Response second = post(reader, idem, path, "{\"name\":\"Sarah\"}");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(403);
    assertThat(second.header("Idempotent-Replayed")).isNull();
    assertThat(second.jsonPath().getString("code")).isEqualTo("forbidden");
    assertThat(second.jsonPath().getString("message")).contains("write:contacts");
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  @Test
  void shouldReplayAnotherKeyOfTheSameCompanyAndModeThatHoldsTheScope() {
    Api.Company company = Api.signup("starter");
    String first = Api.createKey(company, "test", null, "write:contacts");
    String second = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/shared-" + UUID.randomUUID();
    String idem = UUID.randomUUID().toString();
    Response original = post(first, idem, path, "{\"name\":\"Sarah\"}");

    Response replay = post(second, idem, path, "{\"name\":\"Sarah\"}");

    assertThat(replay.asByteArray()).isEqualTo(original.asByteArray());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  @Test
  void shouldReplayAClientErrorByteForByteWithItsLocation() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/" + UUID.randomUUID() + "/invalid";
    String idem = UUID.randomUUID().toString();

    Response first = post(key, idem, path, "{\"email\":\"nope\"}");
    Response second = post(key, idem, path, "{\"email\":\"nope\"}");

    assertThat(first.statusCode()).isEqualTo(422);
    assertThat(second.statusCode()).isEqualTo(422);
    assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
    assertThat(second.header("Content-Type")).isEqualTo(first.header("Content-Type"));
    assertThat(first.header("Location")).isNotNull();
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(second.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  private static Response ownerPost(
      Api.Company company, String idempotencyKey, String path, String body) {
    return as(company.ownerToken())
        .header("Idempotency-Key", idempotencyKey)
        .contentType(ContentType.JSON)
        .body(body)
        .post(path);
  }

  private List<String> redisKeysMatching(String pattern) {
    List<String> keys = new java.util.ArrayList<>();
    redis.keys(pattern).await().indefinitely().forEach(k -> keys.add(k.toString()));
    return keys;
  }

  /** Every idempotency record in Redis whose stored response contains {@code text}. */
  private List<String> redisValuesContaining(String text) {
    List<String> found = new java.util.ArrayList<>();
    for (String key : redisKeysMatching("solid:idem:*")) {
      var stored = redis.hget(key, "response").await().indefinitely();
      String json = stored == null ? "" : stored.toString();
      // Stored bodies are Base64: look for the text both as is and in the decoded body.
      if (json.contains(text) || decodeStoredBody(json).contains(text)) {
        found.add(key);
      }
    }
    return found;
  }

  private static String decodeStoredBody(String json) {
    int at = json.indexOf("\"body\":\"");
    if (at < 0) {
      return "";
    }
    String b64 = json.substring(at + 8, json.indexOf('"', at + 8));
    return new String(java.util.Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }
}
