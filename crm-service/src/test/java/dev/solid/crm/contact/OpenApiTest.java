package dev.solid.crm.contact;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class OpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldDocumentContactEndpoints() {
    given()
        .accept("application/json")
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("paths.'/api/v1/crm/contacts'.get.tags", hasItem("Contacts"))
        .body("paths.'/api/v1/crm/contacts'.post.requestBody", notNullValue())
        .body("paths.'/api/v1/crm/contacts/{id}'.patch", notNullValue())
        .body("paths.'/api/v1/crm/contacts/{id}'.delete", notNullValue())
        .body("components.schemas.Contact.properties.first_name", notNullValue())
        .body("components.schemas.ContactUpsert.properties.custom_fields", notNullValue())
        .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
  }

  @Test
  void shouldGiveEveryOperationAUniqueIdAndAUserFacingSummary() throws Exception {
    List<String> ids = new ArrayList<>();
    operations(
        (name, operation) -> {
          String id = operation.path("operationId").asText();
          assertThat(id).as("operationId of %s", name).matches("[a-z]+[A-Z][A-Za-z]*");
          ids.add(id);
          String summary = operation.path("summary").asText();
          String description = operation.path("description").asText();
          assertThat(summary).as("summary of %s", name).isNotBlank();
          assertThat(description).as("description of %s", name).isNotBlank();
          // Written for an API user: no internal names or references.
          assertThat(summary + " " + description)
              .as("public text of %s", name)
              .doesNotContainIgnoringCase("seed")
              .doesNotContain("dev.solid")
              .doesNotContain("Resource")
              .doesNotContain("Repository")
              .doesNotContain("JWT");
        });
    // Each feature's operations are checked by its own test (deal.DealOpenApiTest for deals).
    assertThat(ids)
        .doesNotHaveDuplicates()
        .contains(
            "listContacts",
            "getContact",
            "upsertContact",
            "updateContact",
            "deleteContact",
            "getContactTimeline",
            "listActivities",
            "getActivity",
            "logActivity",
            "updateActivity",
            "deleteActivity",
            "listTasks",
            "getTask",
            "createTask",
            "updateTask",
            "deleteTask",
            "listContactDeals",
            "getLeadScoringRules",
            "updateLeadScoringRules",
            "getLeadRescoreJob");
  }

  @Test
  void shouldDocumentTheSuccessStatusEachOperationReallyAnswers() {
    given()
        .accept("application/json")
        .get("/q/openapi?format=json")
        .then()
        .body("paths.'/api/v1/crm/contacts'.get.responses.'200'", notNullValue())
        .body("paths.'/api/v1/crm/contacts'.post.responses.'201'", notNullValue())
        .body("paths.'/api/v1/crm/contacts'.post.responses.'200'", notNullValue())
        .body("paths.'/api/v1/crm/contacts/{id}'.get.responses.'200'", notNullValue())
        .body("paths.'/api/v1/crm/contacts/{id}'.patch.responses.'200'", notNullValue())
        .body("paths.'/api/v1/crm/contacts/{id}'.delete.responses.'204'", notNullValue());
  }

  @Test
  void shouldShowTheIntegrationGuidesContactAsTheUpsertExample() {
    given()
        .accept("application/json")
        .get("/q/openapi?format=json")
        .then()
        .body(
            "paths.'/api/v1/crm/contacts'.post.requestBody.content.'application/json'"
                + ".examples.trialSignup.value.username",
            equalTo("@sarah_miller"))
        .body(
            "paths.'/api/v1/crm/contacts'.post.requestBody.content.'application/json'"
                + ".examples.trialSignup.value.tags",
            equalTo(List.of("trial", "webinar-2026-06")));
  }

  /** The error responses every operation shares are added once, by the kit; none is copied here. */
  @Test
  void shouldLeaveTheSharedErrorResponsesToTheKit() {
    for (Method method : ContactResource.class.getDeclaredMethods()) {
      for (APIResponse response : method.getAnnotationsByType(APIResponse.class)) {
        assertThat(response.responseCode()).as(method.getName()).startsWith("2");
      }
    }
    assertThat(ContactResource.class.getAnnotationsByType(APIResponse.class)).isEmpty();
  }

  private interface OperationCheck {
    void check(String name, JsonNode operation);
  }

  private static void operations(OperationCheck check) throws Exception {
    JsonNode doc =
        JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").asString());
    int count = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        check.check(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
        count++;
      }
    }
    assertThat(count).as("operations in the document").isPositive();
  }
}
