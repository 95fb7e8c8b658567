package dev.solid.crm.contact;

import static dev.solid.crm.contact.ContactApi.PATH;
import static dev.solid.crm.contact.ContactApi.as;
import static dev.solid.crm.contact.ContactApi.create;
import static dev.solid.crm.contact.ContactApi.get;
import static dev.solid.crm.contact.ContactApi.newCompany;
import static dev.solid.crm.contact.ContactApi.readWrite;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Scopes;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client sends to the contacts API is a 4xx problem+json naming what is wrong, never
 * a 500, never stored, and never echoed back whole.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class ContactHostileInputTest {
  private static final String PROBLEM = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sends {@code json} as an upsert and as a PATCH of {@code id}. */
  private static List<ValidatableResponse> both(String token, long id, String json) {
    return List.of(
        as(token).contentType(ContentType.JSON).body(json).post(PATH).then(),
        as(token).contentType(ContentType.JSON).body(json).patch(PATH + "/" + id).then());
  }

  @Test
  void shouldNameTheTextFieldThatCarriesANulCharacter() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\"}");
    Map<String, String> bodies =
        Map.of(
            "{\"name\":\"a\\u0000b\"}", "name:invalid_characters",
            "{\"first_name\":\"\\u0000\"}", "first_name:invalid_characters",
            "{\"name\":\"Bob\",\"tags\":[\"ok\",\"a\\u0000\"]}", "tags[1]:invalid_characters",
            "{\"name\":\"Bob\",\"custom_fields\":{\"k\\u0000\":1}}", "custom_fields:invalid_key",
            "{\"name\":\"Bob\",\"custom_fields\":{\"k\":\"v\\u0000\"}}",
                "custom_fields.k:invalid_characters",
            "{\"name\":\"Bob\",\"custom_fields\":{\"k\":\"\\ud800\"}}",
                "custom_fields.k:invalid_characters");
    bodies.forEach(
        (body, detail) -> {
          for (ValidatableResponse response : both(token, id, body)) {
            response
                .statusCode(422)
                .contentType(PROBLEM)
                .body("code", equalTo("validation_error"))
                .body("details[0].field", equalTo(detail.substring(0, detail.indexOf(':'))))
                .body("details[0].error", equalTo(detail.substring(detail.indexOf(':') + 1)));
          }
        });
    get(token, id).body("name", equalTo("Bob")).body("custom_fields", equalTo(Map.of()));
  }

  @Test
  void shouldRefuseANulCharacterInTheSearchQueryOrThePath() {
    String token = readWrite(newCompany());
    as(token)
        .urlEncodingEnabled(false)
        .get(PATH + "?search=a%00b")
        .then()
        .statusCode(422)
        .contentType(PROBLEM)
        .body("details[0].field", equalTo("search"));
    as(token)
        .urlEncodingEnabled(false)
        .get(PATH + "?tag=%00")
        .then()
        .statusCode(422)
        .body("details[0].field", equalTo("tag"));
    as(token)
        .urlEncodingEnabled(false)
        .get(PATH + "/1%00")
        .then()
        .statusCode(404)
        .contentType(PROBLEM)
        .body("code", equalTo("not_found"));
  }

  @Test
  void shouldRejectDuplicateKeysAndConcatenatedObjectsWith400() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\"}");
    for (String body :
        new String[] {"{\"name\":\"a\",\"name\":\"b\"}", "{\"name\":\"a\"}{\"name\":\"b\"}"}) {
      for (ValidatableResponse response : both(token, id, body)) {
        response.statusCode(400).contentType(PROBLEM).body("code", equalTo("bad_request"));
      }
    }
    get(token, id).body("name", equalTo("Bob"));
  }

  @Test
  void shouldRejectNumbersAndBooleansWhereTextIsExpected() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\"}");
    for (String body :
        new String[] {"{\"name\":1e309}", "{\"name\":true}", "{\"name\":\"Bob\",\"tags\":[1]}"}) {
      for (ValidatableResponse response : both(token, id, body)) {
        response
            .statusCode(422)
            .contentType(PROBLEM)
            .body("details[0].error", equalTo("invalid_type"));
      }
    }
    get(token, id).body("name", equalTo("Bob"));
  }

  @Test
  void shouldRefuseACustomFieldNumberThatIsNotFinite() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\"}");
    for (ValidatableResponse response :
        both(token, id, "{\"name\":\"Bob\",\"custom_fields\":{\"score\":1e309}}")) {
      response
          .statusCode(422)
          .contentType(PROBLEM)
          .body("details[0].field", equalTo("custom_fields.score"))
          .body("details[0].error", equalTo("invalid_value"));
    }
    get(token, id).body("custom_fields", equalTo(Map.of()));
  }

  @Test
  void shouldRejectPagingValuesThatAreNotIntegersNamingTheParameter() {
    String token = readWrite(newCompany());
    for (String query :
        new String[] {"limit=1.5", "limit=99999999999", "offset=99999999999", "offset=1e3"}) {
      String parameter = query.substring(0, query.indexOf('='));
      as(token)
          .get(PATH + "?" + query)
          .then()
          .statusCode(422)
          .contentType(PROBLEM)
          .body("details[0].field", equalTo(parameter))
          .body("details[0].error", equalTo("invalid_type"));
    }
  }

  @Test
  void shouldNotEchoAHundredKilobyteValueBack() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\"}");
    String big = "x".repeat(100_000);
    for (String body :
        new String[] {
          "{\"name\":\"" + big + "\"}",
          "{\"email\":\"" + big + "@example.com\"}",
          "{\"name\":\"Bob\",\"custom_fields\":{\"note\":\"" + big + "\"}}",
          // Keys are capped at 50,000 characters by the JSON parser itself (a 400); below that the
          // key rule answers, and must not echo the key whole either.
          "{\"name\":\"Bob\",\"custom_fields\":{\"" + big.substring(0, 40_000) + "\":1}}"
        }) {
      for (ValidatableResponse response : both(token, id, body)) {
        String problem = response.statusCode(422).contentType(PROBLEM).extract().body().asString();
        assertThat(problem.length()).isLessThan(1_000);
      }
    }
  }

  @Test
  void shouldAnswer405WithAllowForAMethodTheResourceDoesNotTake() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\"}");
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"Bob\"}")
        .put(PATH + "/" + id)
        .then()
        .statusCode(405)
        .contentType(PROBLEM)
        .body("code", equalTo("method_not_allowed"))
        .body("request_id", equalTo("req_test_1"))
        .header("Allow", equalTo("DELETE, GET, HEAD, OPTIONS, PATCH"));
    as(token)
        .delete(PATH)
        .then()
        .statusCode(405)
        .contentType(PROBLEM)
        .header("Allow", equalTo("GET, HEAD, OPTIONS, POST"));
  }

  /**
   * Every operation of crm's OpenAPI document, with bad values in each documented body field, path
   * parameter and query parameter: never a 5xx, always problem+json, nothing internal in it. A new
   * operation or field is covered the day it is documented.
   */
  @Test
  void shouldAnswerHostileValuesInEveryDocumentedFieldWithAProblemNeverA5xx() throws Exception {
    // Every scope, so each operation gets past its scope check to the values under test.
    String token = ContactApi.token(newCompany(), false, Scopes.ALL.toArray(String[]::new));
    long id = create(token, "{\"name\":\"Bob\"}");
    JsonNode doc =
        JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").asString());
    List<String> tried = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase();
        // Path parameters besides {id} (a pipeline's {stage_id}) get a plain value.
        String template = path.getKey().replaceAll("\\{(?!id\\})[a-z_]+\\}", "1");
        String url = template.replace("{id}", Long.toString(id));
        for (String bad : HOSTILE_PATH_VALUES) {
          if (path.getKey().contains("{id}")) {
            tried.add(method + " " + path.getKey() + " id=" + bad);
            assertProblem(send(token, method, template.replace("{id}", bad), "{}"), 404, method);
          }
        }
        for (JsonNode parameter : op.getValue().path("parameters")) {
          if ("query".equals(parameter.get("in").asText())) {
            for (String bad : HOSTILE_QUERY_VALUES) {
              String name = parameter.get("name").asText();
              tried.add(method + " " + path.getKey() + " ?" + name + "=" + bad);
              assertProblem(send(token, method, url + "?" + name + "=" + bad, "{}"), 0, method);
            }
          }
        }
        JsonNode schema =
            op.getValue()
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        if (schema.has("$ref")) {
          String name = schema.get("$ref").asText().replaceAll(".*/", "");
          for (Iterator<String> fields =
                  doc.at("/components/schemas/" + name + "/properties").fieldNames();
              fields.hasNext(); ) {
            String field = fields.next();
            for (String bad : HOSTILE_BODY_VALUES) {
              ObjectNode body = JSON.createObjectNode().put("name", "Hostile");
              body.set(field, JSON.readTree(bad));
              tried.add(method + " " + path.getKey() + " " + field + "=" + abbreviate(bad));
              assertProblem(send(token, method, url, body.toString()), 0, method);
            }
          }
          for (String raw : HOSTILE_BODIES) {
            tried.add(method + " " + path.getKey() + " body " + abbreviate(raw));
            assertProblem(send(token, method, url, raw), 400, method);
          }
        }
      }
    }
    assertThat(tried).hasSizeGreaterThan(100);
  }

  private static final String[] HOSTILE_PATH_VALUES = {
    "%00", "-1", "0", "1e309", "99999999999999999999", "abc", "%E2%80%AE1", "0;DROP"
  };
  private static final String[] HOSTILE_QUERY_VALUES = {
    "%00", "-1", "1e309", "99999999999999999999", "%27%22--", "%ED%A0%80", "x".repeat(1000)
  };
  private static final String[] HOSTILE_BODY_VALUES = {
    "\"a\\u0000b\"",
    "\"\\ud800\"",
    "1e309",
    "-1.5",
    "true",
    "[null]",
    "{\"a\":{\"b\":[]}}",
    "\"" + "x".repeat(100_000) + "\"",
    "null"
  };
  private static final String[] HOSTILE_BODIES = {
    "null", "[]", "\"text\"", "{\"name\":\"a\",\"name\":\"b\"}", "{}{}", "{\"name\":"
  };

  private static Response send(String token, String method, String url, String body) {
    var request = as(token).urlEncodingEnabled(false);
    if (!"GET".equals(method) && !"DELETE".equals(method)) {
      request = request.contentType(ContentType.JSON).body(body);
    }
    return request.request(method, url);
  }

  /** Not a 5xx; an error is problem+json without internals (and {@code status} when given). */
  private static void assertProblem(Response response, int status, String method) {
    int actual = response.statusCode();
    if (actual < 400 && status == 0) {
      return; // a hostile value may still be a valid one (null clears a field)
    }
    response
        .then()
        .statusCode(status == 0 ? lessThan(500) : equalTo(status))
        .contentType(PROBLEM)
        .body(not(containsString("Exception")))
        .body(not(containsString("dev.solid")))
        .body(not(containsString("\tat ")));
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
