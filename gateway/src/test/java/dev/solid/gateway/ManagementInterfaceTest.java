package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health and metrics are served on the management interface, never on the public port. */
@QuarkusTest
class ManagementInterfaceTest {
  // Management URLs are relative to its root, /q/.
  @TestHTTPResource(value = "health/ready", management = true)
  URL readiness;

  @TestHTTPResource(value = "metrics", management = true)
  URL metrics;

  @Test
  void shouldServeHealthOnTheManagementInterface() {
    given().get(readiness).then().statusCode(200).body("status", is("UP"));
  }

  @Test
  void shouldAnswer404ProblemForQuarkusEndpointsOnThePublicPort() {
    for (String path :
        List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/dev-ui")) {
      given()
          .get(path)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .header("X-Request-Id", startsWith("req_"))
          .body("code", is("not_found"))
          .body("request_id", startsWith("req_"));
    }
  }

  @Test
  void shouldLabelRequestMetricsWithPathTemplatesRatherThanIds() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    for (String id : List.of("7", "8", "3f1c9a52-9d7e-4f0e-8a57-2d1f0c6b9e41")) {
      as(company.ownerToken()).get("/api/v1/sequences/" + id + "/enroll").then().statusCode(200);
      as(key).get("/api/v1/crm/contacts/" + id).then().statusCode(200);
    }

    String scraped = given().get(metrics).then().statusCode(200).extract().asString();

    assertThat(scraped)
        .contains("uri=\"/api/v1/sequences/{id}/enroll\"")
        .contains("uri=\"/api/v1/crm/contacts/{id}\"")
        .doesNotContain("/api/v1/sequences/7/enroll")
        .doesNotContain("/api/v1/crm/contacts/8\"")
        .doesNotContain("3f1c9a52");
  }
}
