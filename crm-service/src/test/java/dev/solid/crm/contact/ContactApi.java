package dev.solid.crm.contact;

import static io.restassured.RestAssured.given;

import dev.solid.infra.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicLong;

/** Calls the contacts API as the gateway would: public path, Bearer internal JWT. */
final class ContactApi {
  static final String PATH = "/api/v1/crm/contacts";
  private static final AtomicLong COMPANIES =
      new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

  private ContactApi() {}

  /** A company no other test uses, so tests need no cleanup and cannot see each other's data. */
  static long newCompany() {
    return COMPANIES.incrementAndGet();
  }

  static String token(long company, boolean livemode, String... scopes) {
    return TestTokens.apiKey(company, livemode, scopes);
  }

  static String readWrite(long company) {
    return token(company, false, "read:contacts", "write:contacts");
  }

  static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).header("X-Request-Id", "req_test_1");
  }

  static ValidatableResponse post(String token, String json) {
    return as(token).contentType(ContentType.JSON).body(json).post(PATH).then();
  }

  static long create(String token, String json) {
    return post(token, json).statusCode(201).extract().jsonPath().getLong("id");
  }

  static ValidatableResponse get(String token, long id) {
    return as(token).get(PATH + "/" + id).then();
  }

  static ValidatableResponse patch(String token, long id, String json) {
    return as(token).contentType(ContentType.JSON).body(json).patch(PATH + "/" + id).then();
  }

  static ValidatableResponse delete(String token, long id) {
    return as(token).delete(PATH + "/" + id).then();
  }
}
