package dev.solid.webhooks;

import static dev.solid.webhooks.Support.manager;
import static dev.solid.webhooks.Support.newCompany;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client sends the webhooks API: NUL characters, {@code %00} in paths and queries,
 * duplicate keys, values of the wrong JSON type. Each is a 4xx problem+json naming what was wrong,
 * never a 500.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class HostileInputTest {
  private static final String URL = "http://127.0.0.1:9/hooks";

  @Test
  void shouldAnswer422NamingTheFieldWhenTextCarriesANulCharacter() {
    long company = newCompany();
    problem(
            manager(company)
                .body("{\"url\":\"" + URL + "\",\"events\":[\"*\"],\"description\":\"a\\u0000b\"}")
                .post("/api/v1/webhooks")
                .then(),
            422)
        .body("details[0].field", is("description"))
        .body("details[0].error", is("invalid_characters"));
    problem(
            manager(company)
                .body("{\"url\":\"http://127.0.0.1:9/ho\\u0000oks\",\"events\":[\"*\"]}")
                .post("/api/v1/webhooks")
                .then(),
            422)
        .body("details[0].field", is("url"))
        .body("details[0].error", is("invalid_characters"));
    long id = endpoint(company);
    problem(
            manager(company)
                .body("{\"description\":\"\\u0000\"}")
                .patch("/api/v1/webhooks/" + id)
                .then(),
            422)
        .body("details[0].field", is("description"));
    problem(
            manager(company)
                .body("{\"events\":[\"contact.created\\u0000\"]}")
                .patch("/api/v1/webhooks/" + id)
                .then(),
            422)
        .body("details[0].field", containsString("events"));
  }

  @Test
  void shouldAnswer404Or422ForANulInAPathOrQuery() {
    long company = newCompany();
    long id = endpoint(company);
    for (String path :
        List.of(
            "/api/v1/webhooks/%00",
            "/api/v1/webhooks/%00/deliveries",
            "/api/v1/webhooks/" + id + "/deliveries/%00",
            "/api/v1/webhooks/1%00/test")) {
      problem(manager(company).urlEncodingEnabled(false).get(path).then(), 404);
    }
    problem(
            manager(company)
                .urlEncodingEnabled(false)
                .get("/api/v1/webhooks/" + id + "/deliveries?event=contact%00created")
                .then(),
            422)
        .body("details[0].field", is("event"));
    problem(
        manager(company)
            .urlEncodingEnabled(false)
            .post("/api/v1/webhooks/%00/rotate-secret")
            .then(),
        404);
  }

  @Test
  void shouldAnswer400ForDuplicateKeys() {
    long company = newCompany();
    problem(
            manager(company)
                .body("{\"url\":\"" + URL + "\",\"url\":\"" + URL + "\",\"events\":[\"*\"]}")
                .post("/api/v1/webhooks")
                .then(),
            400)
        .body("message", containsString("Duplicate key 'url'"));
    long id = endpoint(company);
    problem(
        manager(company)
            .body("{\"enabled\":true,\"enabled\":false}")
            .patch("/api/v1/webhooks/" + id)
            .then(),
        400);
    manager(company).get("/api/v1/webhooks/" + id).then().body("enabled", is(true));
  }

  @Test
  void shouldAnswer422NamingTheFieldForAValueOfTheWrongType() {
    long company = newCompany();
    for (var body :
        Map.of(
                "url", "{\"url\":1,\"events\":[\"*\"]}",
                "events", "{\"url\":\"" + URL + "\",\"events\":\"contact.created\"}",
                "description", "{\"url\":\"" + URL + "\",\"events\":[\"*\"],\"description\":true}",
                "secret", "{\"url\":\"" + URL + "\",\"events\":[\"*\"],\"secret\":1e309}")
            .entrySet()) {
      problem(manager(company).body(body.getValue()).post("/api/v1/webhooks").then(), 422)
          .body("details[0].field", is(body.getKey()))
          .body("details[0].error", is("invalid_type"));
    }
    long id = endpoint(company);
    for (var body :
        List.of(
            Map.entry("enabled", "{\"enabled\":\"yes\"}"),
            Map.entry("enabled", "{\"enabled\":1}"),
            Map.entry("url", "{\"url\":[\"" + URL + "\"]}"))) {
      problem(manager(company).body(body.getValue()).patch("/api/v1/webhooks/" + id).then(), 422)
          .body("details[0].field", is(body.getKey()));
    }
    problem(manager(company).body("[]").post("/api/v1/webhooks").then(), 400);
    problem(manager(company).body("null").post("/api/v1/webhooks").then(), 400);
    problem(manager(company).body("{}{}").post("/api/v1/webhooks").then(), 400);
    manager(company).get("/api/v1/webhooks").then().body("total", is(1));
  }

  /** The answer is problem+json with the status, the request id, and no internals. */
  private static ValidatableResponse problem(ValidatableResponse response, int status) {
    return response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", is(status))
        .body("code", not(is("internal_error")))
        .body(not(containsString("Exception")))
        .body(not(containsString("dev.solid")));
  }

  private static long endpoint(long company) {
    return ((Number) Support.createEndpoint(company, URL, List.of("*")).get("id")).longValue();
  }
}
