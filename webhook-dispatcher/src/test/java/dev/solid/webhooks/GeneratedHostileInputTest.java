package dev.solid.webhooks;

import static dev.solid.webhooks.Support.manager;
import static dev.solid.webhooks.Support.newCompany;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile input for every operation of this service's OpenAPI document, so an operation added
 * tomorrow is covered the day it appears: bad path and query values, bodies that are not objects,
 * duplicate keys, and for each property of a request body a NUL character and values of every wrong
 * JSON type. The service must never answer 5xx, and every error is problem+json without internals.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class GeneratedHostileInputTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private static final List<String> BAD_IDS =
      List.of("%00", "abc", "-1", "1.5", "99999999999999999999", "%F0%28%8C%28", "%20");
  private static final List<String> BAD_QUERY_VALUES =
      List.of("%00", "abc", "-1", "99999999999999999999", "%FF", "x".repeat(3000));
  private static final List<String> BAD_BODIES =
      List.of("null", "[]", "\"text\"", "1", "{}{}", "{\"a\":", "{", "\u0000");
  private static final List<String> WRONG_VALUES =
      List.of("1", "1e309", "true", "null", "{}", "[]", "\"\"", "\"a\\u0000b\"", "[null]");

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void shouldNeverAnswer5xxOrLeakInternalsForHostileInputToAnyOperation() throws Exception {
    long company = newCompany();
    String realId =
        String.valueOf(
            ((Number)
                    Support.createEndpoint(company, "http://127.0.0.1:9/hooks", List.of("*"))
                        .get("id"))
                .longValue());
    List<String> failures = new ArrayList<>();
    int requests = 0;
    JsonNode doc = document();
    for (var path : iterable(doc.path("paths").fields())) {
      for (var operation : iterable(path.getValue().fields())) {
        String method = operation.getKey();
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonNode op = operation.getValue();
        String template = path.getKey();
        // Bad path values, one parameter at a time (the others real).
        for (String param : pathParameters(template)) {
          for (String bad : BAD_IDS) {
            String url = template.replace("{" + param + "}", bad).replaceAll("\\{[^}]+}", realId);
            requests++;
            check(failures, method, url, null, company);
          }
        }
        String real = template.replaceAll("\\{[^}]+}", realId);
        if ("delete".equals(method)) {
          continue; // bodies and queries below would delete the endpoint the others need
        }
        for (JsonNode parameter : op.path("parameters")) {
          if (!"query".equals(parameter.path("in").asText())) {
            continue;
          }
          for (String bad : BAD_QUERY_VALUES) {
            requests++;
            check(
                failures,
                method,
                real + "?" + parameter.path("name").asText() + "=" + bad,
                null,
                company);
          }
        }
        JsonNode schema =
            resolve(
                doc,
                op.path("requestBody").path("content").path("application/json").path("schema"));
        if (schema.isMissingNode()) {
          continue;
        }
        for (String body : BAD_BODIES) {
          requests++;
          check(failures, method, real, body, company);
        }
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        for (String property : properties) {
          requests++;
          check(
              failures,
              method,
              real,
              "{\"" + property + "\":\"a\",\"" + property + "\":\"b\"}",
              company);
          for (String wrong : WRONG_VALUES) {
            requests++;
            check(failures, method, real, "{\"" + property + "\":" + wrong + "}", company);
          }
        }
      }
    }
    assertThat(requests).isGreaterThan(200);
    assertThat(failures)
        .as("answers that were 5xx, not problem+json or leaked internals")
        .isEmpty();
  }

  private static void check(
      List<String> failures, String method, String url, String body, long company) {
    var request = manager(company).urlEncodingEnabled(false);
    if (body != null) {
      request = request.body(body);
    }
    Response response = request.request(method.toUpperCase(), url);
    int status = response.statusCode();
    String text = response.asString();
    String what = method.toUpperCase() + " " + url + (body == null ? "" : " " + body);
    if (status >= 500) {
      failures.add(what + " -> " + status + " " + text);
    } else if (status >= 400
        && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
      failures.add(what + " -> " + status + " as " + response.contentType());
    } else if (text.contains("Exception") || text.contains("dev.solid") || text.contains("\tat ")) {
      failures.add(what + " -> leaks internals: " + text);
    }
  }

  private static List<String> pathParameters(String template) {
    List<String> names = new ArrayList<>();
    var matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    if (ref.startsWith("#/")) {
      return doc.at(ref.substring(1));
    }
    return schema;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }

  private JsonNode document() throws Exception {
    return json.readTree(
        given()
            .accept("application/json")
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }
}
