package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a key holding {@code manage:keys} may do to other keys (only within its own scopes), and the
 * bounds of a key's rate limit.
 */
@QuarkusTest
class KeyManagementLimitsTest {

  @Test
  void shouldNotLetAManagingKeyRevokeAKeyWithScopesItLacks() {
    Api.Company company = Api.signup("starter");
    String manager = Api.createKey(company, "test", null, "manage:keys", "read:contacts");
    String broader = Api.createKey(company, "test", null, "read:contacts", "write:contacts");

    Response refused = as(manager).delete("/api/v1/auth/keys/" + idOf(company, broader));

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.jsonPath().getString("code")).isEqualTo("forbidden");
    assertThat(refused.jsonPath().getString("message")).contains("'write:contacts'");
    assertThat(refused.jsonPath().getList("details.received")).containsExactly("write:contacts");
    assertThat(as(broader).get("/api/v1/crm/contacts").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldLetAManagingKeyRevokeAKeyWithinItsScopes() {
    Api.Company company = Api.signup("starter");
    String manager = Api.createKey(company, "test", null, "manage:keys", "read:contacts");
    String narrower = Api.createKey(company, "test", null, "read:contacts");

    assertThat(as(manager).delete("/api/v1/auth/keys/" + idOf(company, narrower)).statusCode())
        .isEqualTo(204);
    assertThat(as(narrower).get("/api/v1/crm/contacts").statusCode()).isEqualTo(401);
  }

  @Test
  void shouldGiveTheAllowedRangeWhenTheOwnerAsksForTooHighARateLimit() {
    Api.Company company = Api.signup("starter");

    Response refused =
        createKey(company.ownerToken(), Map.of("rate_limit_per_minute", 100_000_000));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.jsonPath().getString("details[0].field")).isEqualTo("rate_limit_per_minute");
    assertThat(refused.jsonPath().getString("details[0].error")).isEqualTo("out_of_range");
    assertThat(refused.jsonPath().getString("message")).contains("from 1 to 10000");
  }

  @Test
  void shouldGiveTheAllowedRangeWhenAManagingKeyAsksForMoreThanItsOwnLimit() {
    Api.Company company = Api.signup("starter");
    String manager = Api.createKey(company, "test", 50, "manage:keys", "read:contacts");

    Response refused = createKey(manager, Map.of("rate_limit_per_minute", 51));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.jsonPath().getString("message")).contains("from 1 to 50");
  }

  private static Response createKey(String credential, Map<String, Object> extra) {
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("name", "limited", "scopes", List.of("read:contacts")));
    body.putAll(extra);
    return as(credential).contentType(ContentType.JSON).body(body).post("/api/v1/auth/keys");
  }

  /** The id of the company's key whose secret starts with the listed prefix. */
  private static long idOf(Api.Company company, String key) {
    List<Map<String, Object>> items =
        as(company.ownerToken()).get("/api/v1/auth/keys").jsonPath().getList("items");
    return items.stream()
        .filter(item -> key.startsWith((String) item.get("prefix")))
        .map(item -> ((Number) item.get("id")).longValue())
        .findFirst()
        .orElseThrow();
  }
}
