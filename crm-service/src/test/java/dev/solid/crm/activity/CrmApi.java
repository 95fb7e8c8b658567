package dev.solid.crm.activity;

import static io.restassured.RestAssured.given;

import dev.solid.infra.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls crm's activities, tasks and contacts APIs as the gateway would: public path, Bearer
 * internal JWT. Shared by the activity, task and timeline tests.
 */
public final class CrmApi {
  public static final String ACTIVITIES = "/api/v1/crm/activities";
  public static final String TASKS = "/api/v1/crm/tasks";
  public static final String CONTACTS = "/api/v1/crm/contacts";
  // Apart from ContactApi's range, so tests of both never share a company.
  private static final AtomicLong COMPANIES =
      new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000 + 500_000_000_000_000L);

  private CrmApi() {}

  /** A company no other test uses, so tests need no cleanup and cannot see each other's data. */
  public static long newCompany() {
    return COMPANIES.incrementAndGet();
  }

  /** A test-mode key with every scope these APIs use. */
  public static String all(long company) {
    return all(company, false);
  }

  public static String all(long company, boolean livemode) {
    return TestTokens.apiKey(
        company,
        livemode,
        "read:contacts",
        "write:contacts",
        "read:activities",
        "write:activities",
        "read:deals",
        "write:deals");
  }

  /** A deal of the company (in its default pipeline), for activities and tasks to name. */
  public static long deal(String token) {
    return create(token, "/api/v1/crm/deals", "{\"title\":\"Deal\",\"amount\":1000}");
  }

  public static String token(long company, String... scopes) {
    return TestTokens.apiKey(company, false, scopes);
  }

  public static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).header("X-Request-Id", "req_test_1");
  }

  public static ValidatableResponse post(String token, String path, String json) {
    return as(token).contentType(ContentType.JSON).body(json).post(path).then();
  }

  public static long create(String token, String path, String json) {
    return post(token, path, json).statusCode(201).extract().jsonPath().getLong("id");
  }

  public static ValidatableResponse get(String token, String path) {
    return as(token).get(path).then();
  }

  public static ValidatableResponse patch(String token, String path, String json) {
    return as(token).contentType(ContentType.JSON).body(json).patch(path).then();
  }

  public static ValidatableResponse delete(String token, String path) {
    return as(token).delete(path).then();
  }

  /** A new contact of the token's company; its id. */
  public static long contact(String token, String name) {
    return create(token, CONTACTS, "{\"name\":\"" + name + "\"}");
  }
}
