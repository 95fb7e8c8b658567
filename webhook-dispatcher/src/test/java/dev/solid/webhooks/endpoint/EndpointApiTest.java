package dev.solid.webhooks.endpoint;

import static dev.solid.webhooks.Support.as;
import static dev.solid.webhooks.Support.manager;
import static dev.solid.webhooks.Support.newCompany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.solid.common.caller.Scopes;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.webhooks.Support;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class EndpointApiTest {
  private static final String URL = "http://127.0.0.1:9/hooks";

  @Test
  void shouldCreateEndpointWithGeneratedSecretShownOnlyOnce() {
    long company = newCompany();
    var created =
        manager(company)
            .body(Map.of("url", URL, "events", List.of("contact.created"), "description", "CRM"))
            .post("/api/v1/webhooks")
            .then()
            .statusCode(201)
            .body("id", notNullValue())
            .body("url", is(URL))
            .body("events", is(List.of("contact.created")))
            .body("description", is("CRM"))
            .body("enabled", is(true))
            .body("created_at", notNullValue())
            .body("updated_at", notNullValue())
            .body("secret", startsWith("whsec_"))
            .extract()
            .jsonPath();
    assertThat(Base64.getDecoder().decode(created.getString("secret").substring(6))).hasSize(32);
    long id = created.getLong("id");
    manager(company)
        .get("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("secret", nullValue())
        .body("$", not(org.hamcrest.Matchers.hasKey("secret")));
    manager(company)
        .get("/api/v1/webhooks")
        .then()
        .statusCode(200)
        .body("total", is(1))
        .body("limit", is(50))
        .body("offset", is(0))
        .body("has_more", is(false))
        .body("items[0].id", is((int) id))
        .body("items[0]", not(org.hamcrest.Matchers.hasKey("secret")));
  }

  @Test
  void shouldKeepChosenSecretAndStoreItEncrypted() throws Exception {
    long company = newCompany();
    String secret = "your-chosen-signing-secret";
    long id =
        manager(company)
            .body(Map.of("url", URL, "events", List.of("*"), "secret", secret))
            .post("/api/v1/webhooks")
            .then()
            .statusCode(201)
            .body("secret", is(secret))
            .extract()
            .jsonPath()
            .getLong("id");
    try (var db = Support.db();
        var st =
            db.prepareStatement("SELECT secret_encrypted FROM webhooks.endpoints WHERE id = ?")) {
      st.setLong(1, id);
      var rs = st.executeQuery();
      assertThat(rs.next()).isTrue();
      byte[] stored = rs.getBytes(1);
      assertThat(stored).isNotEmpty();
      assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
      assertThat(stored.length).isEqualTo(12 + secret.length() + 16);
    }
  }

  @Test
  void shouldSayHowLongASecretMustBeWithoutEchoingIt() {
    long company = newCompany();
    manager(company)
        .body(Map.of("url", URL, "events", List.of("*"), "secret", "my-secret"))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .body("code", is("validation_error"))
        .body("message", is("Field 'secret' must be 16 to 256 characters long"))
        .body("details[0].field", is("secret"))
        .body("details[0].error", is("invalid_length"))
        .body("details[0].received", is(9));
  }

  @Test
  void shouldPatchOnlyTheGivenFields() {
    long company = newCompany();
    long id =
        ((Number) Support.createEndpoint(company, URL, List.of("contact.created")).get("id"))
            .longValue();
    manager(company)
        .body(Map.of("enabled", false))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("enabled", is(false))
        .body("url", is(URL))
        .body("events", is(List.of("contact.created")));
    manager(company)
        .body(Map.of("events", List.of("deal.won", "invoice.paid"), "description", "sales"))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("enabled", is(false))
        .body("events", is(List.of("deal.won", "invoice.paid")))
        .body("description", is("sales"));
  }

  @Test
  void shouldChangeUrlAndClearDescriptionByExplicitNull() {
    long company = newCompany();
    long id =
        manager(company)
            .body(Map.of("url", URL, "events", List.of("*"), "description", "old"))
            .post("/api/v1/webhooks")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    String other = "http://127.0.0.1:10/other";
    manager(company)
        .body(Map.of("url", other))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("url", is(other))
        .body("description", is("old"));
    var nullDescription = new java.util.HashMap<String, Object>();
    nullDescription.put("description", null);
    manager(company)
        .body(nullDescription)
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("description", nullValue())
        .body("url", is(other));
    manager(company).get("/api/v1/webhooks/" + id).then().body("description", nullValue());
  }

  @Test
  void shouldRejectPatchWithUnknownEventOrWildcardWithOthers() {
    long company = newCompany();
    long id =
        ((Number) Support.createEndpoint(company, URL, List.of("contact.created")).get("id"))
            .longValue();
    manager(company)
        .body(Map.of("events", List.of("contact.exploded")))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(422)
        .body("details[0].field", is("events[0]"))
        .body("details[0].error", is("unknown_event_type"));
    manager(company)
        .body(Map.of("events", List.of("*", "contact.created")))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(422)
        .body("details[0].field", is("events[0]"))
        .body("details[0].error", is("wildcard_not_alone"));
    manager(company)
        .body(Map.of("url", "ftp://example.com/"))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(422)
        .body("details[0].field", is("url"));
    manager(company)
        .get("/api/v1/webhooks/" + id)
        .then()
        .body("events", is(List.of("contact.created")))
        .body("url", is(URL));
  }

  @Test
  void shouldClearTheDisableReasonWhenReEnabled() throws Exception {
    long company = newCompany();
    long id = ((Number) Support.createEndpoint(company, URL, List.of("*")).get("id")).longValue();
    try (var db = Support.db();
        var st =
            db.prepareStatement(
                "UPDATE webhooks.endpoints SET enabled = false, disabled_reason = 'gone',"
                    + " failing_since = now() WHERE id = ?")) {
      st.setLong(1, id);
      st.executeUpdate();
    }
    manager(company)
        .get("/api/v1/webhooks/" + id)
        .then()
        .body("enabled", is(false))
        .body("disabled_reason", is("gone"));
    manager(company)
        .body(Map.of("enabled", true))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("enabled", is(true))
        .body("disabled_reason", nullValue());
    try (var db = Support.db();
        var st = db.prepareStatement("SELECT failing_since FROM webhooks.endpoints WHERE id = ?")) {
      st.setLong(1, id);
      var rs = st.executeQuery();
      rs.next();
      assertThat(rs.getObject(1)).isNull();
    }
  }

  @Test
  void shouldDeleteEndpoint() {
    long company = newCompany();
    long id = ((Number) Support.createEndpoint(company, URL, List.of("*")).get("id")).longValue();
    manager(company).delete("/api/v1/webhooks/" + id).then().statusCode(204);
    manager(company).get("/api/v1/webhooks/" + id).then().statusCode(404);
    manager(company).delete("/api/v1/webhooks/" + id).then().statusCode(404);
  }

  @Test
  void shouldRejectUnknownEventTypeWithDetails() {
    manager(newCompany())
        .body(Map.of("url", URL, "events", List.of("contact.created", "contact.exploded")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", is("validation_error"))
        .body("details[0].field", is("events[1]"))
        .body("details[0].error", is("unknown_event_type"))
        .body("details[0].received", is("contact.exploded"));
  }

  @Test
  void shouldAcceptEveryPublishedEventType() {
    manager(newCompany())
        .body(Map.of("url", URL, "events", dev.solid.common.event.EventTypes.ALL))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(201)
        .body("events", hasItem("sequence.resumed"));
  }

  @Test
  void shouldRejectInvalidUrls() {
    for (String url :
        List.of(
            "ftp://example.com/x", "/relative", "http://user:pw@example.com/", "x".repeat(10))) {
      manager(newCompany())
          .body(Map.of("url", url, "events", List.of("*")))
          .post("/api/v1/webhooks")
          .then()
          .statusCode(422)
          .body("details.field", hasItem("url"));
    }
    manager(newCompany())
        .body(Map.of("url", "https://example.com/" + "a".repeat(2100), "events", List.of("*")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .body("details[0].error", is("too_long"));
  }

  @Test
  void shouldRejectPortsOutside1To65535NamingTheUrl() {
    long company = newCompany();
    for (String url :
        List.of(
            "http://127.0.0.1:0/hooks",
            "http://127.0.0.1:65536/hooks",
            "http://127.0.0.1:99999/")) {
      manager(company)
          .body(Map.of("url", url, "events", List.of("*")))
          .post("/api/v1/webhooks")
          .then()
          .statusCode(422)
          .contentType("application/problem+json")
          .body("details[0].field", is("url"))
          .body("details[0].error", is("invalid_url"))
          .body("message", org.hamcrest.Matchers.containsString("outside 1-65535"));
    }
    long id = ((Number) Support.createEndpoint(company, URL, List.of("*")).get("id")).longValue();
    manager(company)
        .body(Map.of("url", "http://127.0.0.1:0/hooks"))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(422)
        .body("details[0].field", is("url"));
    manager(company).get("/api/v1/webhooks").then().body("total", is(1));
  }

  @Test
  void shouldRejectAmbiguousNumericHostsAtRegistration() {
    long company = newCompany();
    // Only ever refused: none of these is registered, resolved or connected to.
    for (String url :
        List.of(
            "http://0177.0.0.1/hooks",
            "http://2130706433/hooks",
            "http://0x7f.0.0.1/hooks",
            "http://127.1/hooks",
            "http://127.0.0.01:8080/hooks")) {
      manager(company)
          .body(Map.of("url", url, "events", List.of("*")))
          .post("/api/v1/webhooks")
          .then()
          .statusCode(422)
          .contentType("application/problem+json")
          .body("details[0].field", is("url"))
          .body("details[0].error", is("ambiguous_address"));
    }
    long id = ((Number) Support.createEndpoint(company, URL, List.of("*")).get("id")).longValue();
    manager(company)
        .body(Map.of("url", "http://0177.0.0.1/hooks"))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(422)
        .body("details[0].error", is("ambiguous_address"));
    manager(company).get("/api/v1/webhooks").then().body("total", is(1));
  }

  @Test
  void shouldNameTheFieldAndTheLimitWhenAFieldIsTooLong() {
    manager(newCompany())
        .body(Map.of("url", URL, "events", List.of("*"), "description", "d".repeat(501)))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .body("message", is("Field 'description' must be at most 500 characters long"))
        .body("details[0].field", is("description"))
        .body("details[0].error", is("too_long"))
        .body("details[0].received", is(501));
    long company = newCompany();
    long id = ((Number) Support.createEndpoint(company, URL, List.of("*")).get("id")).longValue();
    manager(company)
        .body(Map.of("description", "d".repeat(501)))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(422)
        .body("details[0].field", is("description"))
        .body("details[0].error", is("too_long"));
    manager(newCompany())
        .body(Map.of("url", URL, "events", java.util.Collections.nCopies(101, "contact.created")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .body("details[0].field", is("events"))
        .body("details[0].error", is("too_long"));
  }

  @Test
  void shouldRequireUrlAndEvents() {
    manager(newCompany())
        .body(Map.of("description", "nothing else"))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .body("details.field", org.hamcrest.Matchers.contains("events", "url"))
        .body("details.error", org.hamcrest.Matchers.contains("required", "required"));
    manager(newCompany())
        .body(Map.of("url", URL, "events", List.of()))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .body("details[0].field", is("events"))
        .body("details[0].error", is("required"));
  }

  @Test
  void shouldRequireManageWebhooksScope() {
    as(newCompany(), false, Scopes.READ_CONTACTS, Scopes.WRITE_CONTACTS)
        .body(Map.of("url", URL, "events", List.of("*")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(403)
        .body("code", is("forbidden"))
        .body("message", org.hamcrest.Matchers.containsString("manage:webhooks"));
    as(newCompany(), false, Scopes.READ_CONTACTS).get("/api/v1/webhooks").then().statusCode(403);
  }

  @Test
  void shouldHideOtherCompaniesAndOtherModeEndpoints() {
    long owner = newCompany();
    long id = ((Number) Support.createEndpoint(owner, URL, List.of("*")).get("id")).longValue();
    long other = newCompany();
    manager(other)
        .get("/api/v1/webhooks/" + id)
        .then()
        .statusCode(404)
        .body("code", is("not_found"));
    manager(other)
        .body(Map.of("enabled", false))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(404);
    manager(other).delete("/api/v1/webhooks/" + id).then().statusCode(404);
    manager(other).post("/api/v1/webhooks/" + id + "/rotate-secret").then().statusCode(404);
    manager(other).get("/api/v1/webhooks").then().statusCode(200).body("total", is(0));
    // The same company's live key does not see test-mode endpoints.
    as(owner, true, Scopes.MANAGE_WEBHOOKS).get("/api/v1/webhooks/" + id).then().statusCode(404);
    as(owner, true, Scopes.MANAGE_WEBHOOKS).get("/api/v1/webhooks").then().body("total", is(0));
    manager(owner).get("/api/v1/webhooks/" + id).then().statusCode(200);
  }

  @Test
  void shouldAnswer401WithoutToken() {
    io.restassured.RestAssured.given().get("/api/v1/webhooks").then().statusCode(401);
  }
}
