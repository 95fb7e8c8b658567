package dev.solid.webhooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The service's OpenAPI document is a contract a client generator can use. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class OpenApiContractTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Test
  void shouldGiveEveryOperationAUniqueOperationIdAndASummary() throws Exception {
    List<String> missing = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Operation op : operations()) {
      String id = op.node().path("operationId").asText("");
      if (id.isBlank() || op.node().path("summary").asText("").isBlank()) {
        missing.add(op.method() + " " + op.path());
      }
      assertThat(ids.add(id)).as("operationId %s used twice", id).isTrue();
      assertThat(id).as(op.method() + " " + op.path()).matches("[a-z][A-Za-z]+");
    }
    assertThat(missing).as("operations without operationId or summary").isEmpty();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void shouldDeclareTheStatusEachOperationReallyAnswers() throws Exception {
    Map<String, String> expected =
        Map.of(
            "createWebhookEndpoint", "201",
            "deleteWebhookEndpoint", "204",
            "sendWebhookTest", "202",
            "replayWebhookDelivery", "202",
            "listWebhookDeliveries", "200",
            "rotateWebhookSecret", "200");
    for (Operation op : operations()) {
      String id = op.node().path("operationId").asText();
      if (expected.containsKey(id)) {
        List<String> success = new ArrayList<>();
        op.node().path("responses").fieldNames().forEachRemaining(success::add);
        success.removeIf(status -> !status.startsWith("2"));
        assertThat(success).as(id).containsExactly(expected.get(id));
      }
    }
  }

  @Test
  void shouldShowTheSeedRegistrationAsTheExampleAndNoInternalWording() throws Exception {
    JsonNode create =
        operations().stream()
            .filter(op -> "createWebhookEndpoint".equals(op.node().path("operationId").asText()))
            .findFirst()
            .orElseThrow()
            .node();
    String examples =
        create
            .path("requestBody")
            .path("content")
            .path("application/json")
            .path("examples")
            .toString();
    assertThat(examples)
        .contains("https://your-app.example.com/webhooks/crm")
        .contains("your-chosen-signing-secret");
    String document = document().toString();
    assertThat(document)
        .doesNotContain("seed 0")
        .doesNotContain("dev.solid")
        .doesNotContain("Repository");
  }

  private record Operation(String method, String path, JsonNode node) {}

  private static List<Operation> operations() throws Exception {
    List<Operation> operations = new ArrayList<>();
    document()
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method.getKey())) {
                            operations.add(
                                new Operation(method.getKey(), path.getKey(), method.getValue()));
                          }
                        }));
    assertThat(operations).isNotEmpty();
    return operations;
  }

  private static JsonNode document() throws Exception {
    String json =
        given()
            .accept("application/json")
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return new ObjectMapper().readTree(json);
  }
}
