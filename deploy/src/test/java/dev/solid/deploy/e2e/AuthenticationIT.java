package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SolidStack.class)
class AuthenticationIT {
  private static final String CONTACTS = "/api/v1/crm/contacts";

  @Test
  void shouldRejectRequestWithoutKey(Api api) {
    assertProblem(api.get(CONTACTS).send(), 401, "unauthorized");
  }

  @Test
  void shouldRejectMalformedKey(Api api) {
    assertProblem(api.get(CONTACTS).bearer("not-a-key").send(), 401, "unauthorized");
    assertProblem(
        api.get(CONTACTS).header("Authorization", "Basic Zm9vOmJhcg==").send(),
        401,
        "unauthorized");
  }

  @Test
  void shouldRejectUnknownKey(Api api) {
    String unknown = "sk_solid_test_" + UUID.randomUUID().toString().replace("-", "");
    assertProblem(api.get(CONTACTS).bearer(unknown).send(), 401, "unauthorized");
  }

  @Test
  void shouldRejectKeyImmediatelyAfterRevocation(Api api) {
    Api.Company company = api.newCompany();
    JsonNode key =
        api.createKey(company.ownerToken(), "to-revoke", List.of("read:contacts"), "test", null);
    String secret = key.path("key").asText();
    assertThat(api.get(CONTACTS).bearer(secret).send().status()).isEqualTo(200);

    Api.Response listed = api.get("/api/v1/auth/keys").bearer(company.ownerToken()).send();
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(secret);

    Api.Response revoked =
        api.delete("/api/v1/auth/keys/" + key.path("id").asText())
            .bearer(company.ownerToken())
            .send();
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);
    assertProblem(api.get(CONTACTS).bearer(secret).send(), 401, "unauthorized");
  }

  @Test
  void shouldForbidWriteWithReadOnlyKeyNamingMissingScope(Api api) {
    Api.Company company = api.newCompany();
    String readOnly =
        api.createKey(company.ownerToken(), "read-only", List.of("read:contacts"), "test", null)
            .path("key")
            .asText();
    JsonNode problem =
        assertProblem(
            api.post(CONTACTS).bearer(readOnly).json(Api.contact("Nope")).send(), 403, "forbidden");
    assertThat(problem.path("message").asText()).contains("write:contacts");
  }

  @Test
  void shouldRejectUnknownScopeWhenCreatingKey(Api api) {
    Api.Company company = api.newCompany();
    Api.Response response =
        api.post("/api/v1/auth/keys")
            .bearer(company.ownerToken())
            .json(
                java.util.Map.of(
                    "name", "bad", "scopes", List.of("launch:rockets"), "mode", "test"))
            .send();
    assertProblem(response, 422, "validation_error");
  }
}
