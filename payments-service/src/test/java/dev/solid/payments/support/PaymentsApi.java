package dev.solid.payments.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.infra.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls the payments API as the gateway would (internal tokens), and reads the outbox. */
public final class PaymentsApi {
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final AtomicLong COMPANIES =
      new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000 + 700);
  private static final AtomicLong CONTACTS = new AtomicLong(4_000);

  private PaymentsApi() {}

  public static long newCompany() {
    return COMPANIES.incrementAndGet();
  }

  /** A key holding the payments scopes and read:contacts (crm checks contacts with it). */
  public static String key(long company, boolean livemode) {
    return TestTokens.apiKey(company, livemode, "read:payments", "write:payments", "read:contacts");
  }

  /** A new contact crm knows in this company and mode. */
  public static long contact(long company, boolean livemode) {
    long id = CONTACTS.incrementAndGet();
    StandIns.instance().contact(company, livemode, id);
    return id;
  }

  public static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  public static ValidatableResponse post(String token, String path, String json) {
    return as(token).contentType(ContentType.JSON).body(json).post(path).then();
  }

  /** A pending order of {@code amount} cents; its id. */
  public static long order(String token, long contact, long amount) {
    return post(
            token, "/api/v1/orders", "{\"contact_id\":" + contact + ",\"amount\":" + amount + "}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** A monthly or yearly plan of {@code amount} cents; its id. */
  public static long plan(String token, String name, long amount, String interval) {
    return post(
            token,
            "/api/v1/plans",
            "{\"name\":\""
                + name
                + "\",\"amount\":"
                + amount
                + ",\"interval\":\""
                + interval
                + "\"}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** A subscription of a new contact of the company to the plan, paid with the visa test card. */
  public static long subscription(String token, long company, long plan) {
    return post(
            token,
            "/api/v1/subscriptions",
            "{\"contact_id\":"
                + contact(company, false)
                + ",\"plan_id\":"
                + plan
                + ",\"payment_method\":\"pm_card_visa\"}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** Asserts a problem+json answer with this status and code; returns its body. */
  public static JsonNode assertProblem(
      ExtractableResponse<Response> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    try {
      JsonNode body = JSON.readTree(response.body().asString());
      assertThat(body.path("code").asText()).isEqualTo(code);
      return body;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The event types in the outbox for this company, oldest first. */
  public static List<String> events(long company) {
    List<String> types = new ArrayList<>();
    try (Connection db = database();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT payload::json->>'event' FROM payments.outbox"
                    + " WHERE payload::json->>'company_id' = ? ORDER BY id")) {
      query.setString(1, Long.toString(company));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          types.add(rows.getString(1));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return types;
  }

  /** A JDBC connection to the test database (for checks the API does not expose). */
  public static Connection database() throws java.sql.SQLException {
    var config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getValue("quarkus.datasource.username", String.class),
        config.getValue("quarkus.datasource.password", String.class));
  }
}
