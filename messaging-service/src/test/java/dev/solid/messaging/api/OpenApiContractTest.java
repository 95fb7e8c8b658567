package dev.solid.messaging.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** messaging's part of the public OpenAPI document, as a client generator reads it. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class OpenApiContractTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private JsonNode document;

  /** One operation of the document: its method and path, and the operation object. */
  private record Op(String method, String path, JsonNode node) {
    @Override
    public String toString() {
      return method.toUpperCase() + " " + path;
    }
  }

  @BeforeEach
  void read() throws Exception {
    document =
        MessagingApi.JSON.readTree(
            given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
  }

  private List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            ops.add(new Op(op.getKey(), path.getKey(), op.getValue()));
                          }
                        }));
    return ops;
  }

  private Op operation(String id) {
    return operations().stream()
        .filter(op -> op.node().path("operationId").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operation " + id));
  }

  @Test
  void shouldGiveEveryOperationAUniqueOperationIdASummaryAndADescription() {
    List<Op> ops = operations();
    assertThat(ops).hasSizeGreaterThanOrEqualTo(20);
    Set<String> ids = new HashSet<>();
    for (Op op : ops) {
      String id = op.node().path("operationId").asText("");
      assertThat(id).as("operationId of %s", op).matches("[a-z][A-Za-z]+");
      assertThat(ids.add(id)).as("%s is unique", id).isTrue();
      assertThat(op.node().path("summary").asText("")).as("summary of %s", op).isNotBlank();
      assertThat(op.node().path("description").asText("")).as("description of %s", op).isNotBlank();
    }
  }

  @Test
  void shouldKeepInternalWordingOutOfThePublicText() {
    for (Op op : operations()) {
      String text =
          op.node().path("summary").asText() + " " + op.node().path("description").asText();
      assertThat(text.toLowerCase())
          .as("%s", op)
          .doesNotContain("seed")
          .doesNotContain("dev.solid")
          .doesNotContain("exception");
    }
  }

  @Test
  void shouldDeclareTheStatusEachOperationReallyAnswers() {
    Map<String, String> success =
        Map.of(
            "createAccount", "201",
            "deleteAccount", "204",
            "sendMessage", "200",
            "sendSms", "200",
            "broadcastMessage", "202",
            "createSequence", "201",
            "deleteSequence", "204",
            "enrollContact", "201",
            "getJob", "200");
    success.forEach(
        (id, status) ->
            assertThat(operation(id).node().path("responses").has(status))
                .as("%s answers %s", id, status)
                .isTrue());
    assertThat(operation("enrollContact").node().path("responses").has("409")).isTrue();
  }

  @Test
  void shouldCarryTheSeedRequestsAsExamples() {
    assertThat(example("sendSms")).contains("+18015551234").contains("within the hour");
    assertThat(example("sendMessage")).contains("@sarah_miller").contains("7421");
    assertThat(example("enrollContact")).contains("contact_id");
  }

  private String example(String id) {
    return operation(id)
        .node()
        .path("requestBody")
        .path("content")
        .path("application/json")
        .path("examples")
        .toString();
  }

  @Test
  void shouldMarkProviderCallbacksAsNeedingNoKey() {
    for (String id : List.of("receiveTwilioSms", "receiveTelegramUpdate")) {
      JsonNode security = operation(id).node().path("security");
      assertThat(security.isArray() && security.isEmpty())
          .as("%s security: %s", id, security)
          .isTrue();
    }
  }
}
