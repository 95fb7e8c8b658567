package dev.solid.crm.deal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.crm.contact.ContactResource;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class DealOpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldDocumentEveryDealAndPipelineOperation() throws Exception {
    JsonNode doc =
        JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").asString());
    List<String> ids = new ArrayList<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            path -> path.getValue().forEach(op -> ids.add(op.path("operationId").asText())));
    assertThat(ids)
        .contains(
            "listDeals",
            "getDeal",
            "createDeal",
            "updateDeal",
            "deleteDeal",
            "listDealHistory",
            "listPipelines",
            "getPipeline",
            "createPipeline",
            "updatePipeline",
            "deletePipeline",
            "deletePipelineStage",
            "listContactDeals");
  }

  @Test
  void shouldShowTheReferenceDealAsTheCreateExample() {
    given()
        .accept("application/json")
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("paths.'/api/v1/crm/deals'.get.tags", hasItem("Deals"))
        .body("paths.'/api/v1/crm/deals'.post.responses.'201'", notNullValue())
        .body("paths.'/api/v1/crm/deals/{id}'.delete.responses.'204'", notNullValue())
        .body("paths.'/api/v1/crm/pipelines'.post.responses.'201'", notNullValue())
        .body("paths.'/api/v1/crm/pipelines/{id}/stages/{stage_id}'.delete", notNullValue())
        .body("paths.'/api/v1/crm/contacts/{id}/deals'.get.responses.'200'", notNullValue())
        .body(
            "paths.'/api/v1/crm/deals'.post.requestBody.content.'application/json'"
                + ".examples.kitchenRemodel.value.title",
            equalTo("Kitchen Remodel"))
        .body("components.schemas.Deal.properties.weighted_amount", notNullValue())
        .body("components.schemas.Pipeline.properties.is_default", notNullValue());
  }

  /** The error responses every operation shares are added once, by the kit; none is copied here. */
  @Test
  void shouldLeaveTheSharedErrorResponsesToTheKit() {
    for (Class<?> resource :
        List.of(DealResource.class, PipelineResource.class, ContactResource.class)) {
      for (Method method : resource.getDeclaredMethods()) {
        for (APIResponse response : method.getAnnotationsByType(APIResponse.class)) {
          assertThat(response.responseCode()).as(method.getName()).startsWith("2");
        }
      }
    }
  }
}
