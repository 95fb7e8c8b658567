package dev.solid.crm.contact;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class OpenApiTest {

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
        .body("components.securitySchemes.bearer.scheme", org.hamcrest.Matchers.equalTo("bearer"));
  }
}
