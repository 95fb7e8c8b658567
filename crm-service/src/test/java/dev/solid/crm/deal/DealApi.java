package dev.solid.crm.deal;

import static io.restassured.RestAssured.given;

import dev.solid.infra.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Calls the deals and pipelines API as the gateway would: public path, Bearer internal JWT. */
final class DealApi {
  static final String DEALS = "/api/v1/crm/deals";
  static final String PIPELINES = "/api/v1/crm/pipelines";
  static final String CONTACTS = "/api/v1/crm/contacts";

  // Far above the contact tests' companies, so the two never share one.
  private static final AtomicLong COMPANIES =
      new AtomicLong(2_000_000_000_000L + System.currentTimeMillis() % 1_000_000_000L * 1000);

  private DealApi() {}

  /** A company no other test uses, so tests need no cleanup and cannot see each other's data. */
  static long newCompany() {
    return COMPANIES.incrementAndGet();
  }

  /** A test-mode key of the company with every deal and contact scope. */
  static String token(long company) {
    return token(company, false);
  }

  static String token(long company, boolean livemode) {
    return scoped(
        company, livemode, "read:deals", "write:deals", "read:contacts", "write:contacts");
  }

  static String scoped(long company, boolean livemode, String... scopes) {
    return TestTokens.apiKey(company, livemode, scopes);
  }

  static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).header("X-Request-Id", "req_deals");
  }

  static ValidatableResponse post(String token, String path, String json) {
    return as(token).contentType(ContentType.JSON).body(json).post(path).then();
  }

  static ValidatableResponse patch(String token, String path, String json) {
    return as(token).contentType(ContentType.JSON).body(json).patch(path).then();
  }

  static ValidatableResponse get(String token, String path) {
    return as(token).get(path).then();
  }

  static ValidatableResponse delete(String token, String path) {
    return as(token).delete(path).then();
  }

  static long contact(String token, String name) {
    return post(token, CONTACTS, "{\"name\":\"" + name + "\"}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static JsonPath createDeal(String token, String json) {
    return post(token, DEALS, json).statusCode(201).extract().jsonPath();
  }

  static long deal(String token, String json) {
    return createDeal(token, json).getLong("id");
  }

  /** The company's default pipeline (created on this first use if need be). */
  static JsonPath defaultPipeline(String token) {
    List<Map<String, Object>> items =
        get(token, PIPELINES).statusCode(200).extract().jsonPath().getList("items");
    Map<String, Object> found =
        items.stream().filter(p -> Boolean.TRUE.equals(p.get("is_default"))).findFirst().get();
    return get(token, PIPELINES + "/" + found.get("id")).statusCode(200).extract().jsonPath();
  }

  /** Id of the stage of this name in a pipeline's JSON. */
  static long stageId(JsonPath pipeline, String name) {
    return pipeline.getLong("stages.find { it.name == '" + name + "' }.id");
  }

  /** A pipeline with stages Open A, Open B, Won, Lost. */
  static JsonPath customPipeline(String token, String name) {
    return post(
            token,
            PIPELINES,
            "{\"name\":\""
                + name
                + "\",\"stages\":[{\"name\":\"Open A\",\"probability\":20},"
                + "{\"name\":\"Open B\",\"probability\":60},"
                + "{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                + "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}")
        .statusCode(201)
        .extract()
        .jsonPath();
  }
}
