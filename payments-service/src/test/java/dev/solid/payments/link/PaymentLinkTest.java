package dev.solid.payments.link;

import static dev.solid.payments.support.PaymentLinks.create;
import static dev.solid.payments.support.PaymentLinks.csrf;
import static dev.solid.payments.support.PaymentLinks.futureExpiry;
import static dev.solid.payments.support.PaymentLinks.orderIdOf;
import static dev.solid.payments.support.PaymentLinks.page;
import static dev.solid.payments.support.PaymentLinks.pagePath;
import static dev.solid.payments.support.PaymentLinks.submit;
import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.payments.support.PaymentsApi;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class PaymentLinkTest {
  private static final String CONSULTING =
      "{\"amount\": 120000, \"description\": \"One hour of consulting\","
          + " \"business_name\": \"Acme Tools\","
          + " \"after_completion\": {\"redirect_url\": \"https://acme.test/thanks?from=link\"}}";

  // The API

  @Test
  void shouldCreateReadListAndPatchALink() {
    long company = newCompany();
    String token = key(company, false);
    JsonNode link = create(token, CONSULTING);
    long id = link.path("id").asLong();
    assertThat(link.path("object").asText()).isEqualTo("payment_link");
    assertThat(link.path("active").asBoolean()).isTrue();
    assertThat(link.path("amount").asLong()).isEqualTo(120000);
    assertThat(link.path("currency").asText()).isEqualTo("usd");
    assertThat(link.path("livemode").asBoolean()).isFalse();
    assertThat(link.path("contact_id").isNull()).isTrue();
    assertThat(link.path("created_at").asText()).isNotEmpty();
    assertThat(link.path("after_completion").path("redirect_url").asText())
        .isEqualTo("https://acme.test/thanks?from=link");
    assertThat(link.path("url").asText())
        .matches("http://localhost:8080/pay/links/[A-Za-z0-9_-]{32}");

    as(token)
        .get("/api/v1/payment-links/" + id)
        .then()
        .statusCode(200)
        .body("url", equalTo(link.path("url").asText()));
    create(token, "{\"amount\": 500, \"currency\": \"EUR\", \"description\": \"Sticker\"}");
    as(token)
        .get("/api/v1/payment-links?limit=1")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.size()", equalTo(1))
        .body("items[0].currency", equalTo("eur"))
        .body("has_more", equalTo(true));

    patch(token, id, "{\"active\": false}")
        .statusCode(200)
        .body("active", equalTo(false))
        .body("description", equalTo("One hour of consulting"))
        .body("after_completion.redirect_url", equalTo("https://acme.test/thanks?from=link"));
    as(token).get("/api/v1/payment-links?active=false").then().body("total", equalTo(1));
    patch(
            token,
            id,
            "{\"active\": true, \"after_completion\": null, \"description\": \"Two hours\"}")
        .statusCode(200)
        .body("active", equalTo(true))
        .body("after_completion", nullValue())
        .body("description", equalTo("Two hours"))
        .body("business_name", equalTo("Acme Tools"));
    assertThat(events(company)).containsExactly("payment_link.created", "payment_link.created");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"amount\": -500, \"description\": \"x\"}|amount|must_be_positive",
        "{\"amount\": 0, \"description\": \"x\"}|amount|must_be_positive",
        "{\"amount\": 100000000, \"description\": \"x\"}|amount|too_large",
        "{\"amount\": 12.5, \"description\": \"x\"}|amount|invalid_type",
        "{\"description\": \"x\"}|amount|required",
        "{\"amount\": 100}|description|required",
        "{\"amount\": 100, \"description\": \"x\", \"currency\": \"zzz\"}|currency|invalid_currency",
        "{\"amount\": 100, \"description\": \"x\", \"after_completion\": {\"redirect_url\":"
            + " \"http://shop.example.com/ok\"}}|after_completion.redirect_url|invalid_url",
        "{\"amount\": 100, \"description\": \"x\", \"after_completion\": {\"redirect_url\":"
            + " \"javascript:alert(1)\"}}|after_completion.redirect_url|invalid_url",
        "{\"amount\": 100, \"description\": \"x\", \"after_completion\": {\"redirect_url\":"
            + " \"/thanks\"}}|after_completion.redirect_url|invalid_url",
        "{\"amount\": 100, \"description\": \"x\", \"after_completion\": {\"redirect_url\":"
            + " \"https://user@evil.test/\"}}|after_completion.redirect_url|invalid_url",
        "{\"amount\": 100, \"description\": \"x\", \"after_completion\": {}}"
            + "|after_completion.redirect_url|required",
        "{\"amount\": 100, \"description\": \"x\", \"contact_id\": 987654321}|contact_id|not_found",
      })
  void shouldRefuseInvalidLinksNamingTheField(String body, String field, String error) {
    long company = newCompany();
    String token = key(company, false);
    JsonNode problem =
        assertProblem(
            post(token, "/api/v1/payment-links", body).extract(), 422, "validation_error");
    assertThat(problem.path("details").get(0).path("field").asText()).isEqualTo(field);
    assertThat(problem.path("details").get(0).path("error").asText()).isEqualTo(error);
    assertThat(events(company)).isEmpty();
  }

  @Test
  void shouldAcceptLocalHttpAndLongestRedirectAndRefuseLonger() {
    long company = newCompany();
    String token = key(company, false);
    for (String url : List.of("http://localhost:3000/done", "http://127.0.0.1/done")) {
      create(
          token,
          "{\"amount\": 100, \"description\": \"x\", \"after_completion\": {\"redirect_url\": \""
              + url
              + "\"}}");
    }
    String prefix = "https://acme.test/";
    String longest = prefix + "a".repeat(2048 - prefix.length());
    create(
        token,
        "{\"amount\": 100, \"description\": \"x\", \"after_completion\": {\"redirect_url\": \""
            + longest
            + "\"}}");
    JsonNode problem =
        assertProblem(
            post(
                    token,
                    "/api/v1/payment-links",
                    "{\"amount\": 100, \"description\": \"x\", \"after_completion\":"
                        + " {\"redirect_url\": \""
                        + longest
                        + "a\"}}")
                .extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("error").asText()).isEqualTo("too_long");
  }

  @Test
  void shouldCheckTheContactWithCrmAndKeepItOnTheOrder() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    JsonNode link =
        create(
            token,
            "{\"amount\": 2500, \"description\": \"Book\", \"contact_id\": " + contact + "}");
    assertThat(link.path("contact_id").asLong()).isEqualTo(contact);
    // Another company's contact is no contact of this one.
    long theirs = contact(newCompany(), false);
    assertProblem(
        post(
                token,
                "/api/v1/payment-links",
                "{\"amount\": 2500, \"description\": \"Book\", \"contact_id\": " + theirs + "}")
            .extract(),
        422,
        "validation_error");
    String path = pagePath(link);
    String html = page(path).body().asString();
    ExtractableResponse<Response> receipt =
        submit(path, csrf(html), "4242424242424242", futureExpiry(), "123", "Ada Lovelace");
    assertThat(receipt.statusCode()).as(receipt.body().asString()).isEqualTo(200);
    as(token)
        .get("/api/v1/orders/" + orderIdOf(receipt.body().asString()))
        .then()
        .body("contact_id", equalTo((int) contact))
        .body("payment_link_id", equalTo(link.path("id").asInt()));
  }

  @Test
  void shouldHideLinksOfAnotherCompanyOrModeAsNotFound() {
    long company = newCompany();
    String token = key(company, false);
    long id = create(token, CONSULTING).path("id").asLong();
    for (String stranger : List.of(key(newCompany(), false), key(company, true))) {
      assertProblem(
          as(stranger).get("/api/v1/payment-links/" + id).then().extract(), 404, "not_found");
      assertProblem(patch(stranger, id, "{\"active\": false}").extract(), 404, "not_found");
      as(stranger).get("/api/v1/payment-links").then().statusCode(200).body("total", equalTo(0));
    }
    as(token)
        .get("/api/v1/payment-links/" + id)
        .then()
        .statusCode(200)
        .body("active", equalTo(true));
    assertProblem(as(token).get("/api/v1/payment-links/abc").then().extract(), 404, "not_found");
  }

  @Test
  void shouldNeedThePaymentsScopes() {
    long company = newCompany();
    String reader = TestTokens.apiKey(company, false, "read:payments");
    assertProblem(post(reader, "/api/v1/payment-links", CONSULTING).extract(), 403, "forbidden");
    String writer = TestTokens.apiKey(company, false, "write:payments");
    long id = create(writer, CONSULTING).path("id").asLong();
    assertProblem(as(writer).get("/api/v1/payment-links/" + id).then().extract(), 403, "forbidden");
    as(reader).get("/api/v1/payment-links/" + id).then().statusCode(200);
    assertProblem(patch(reader, id, "{\"active\": false}").extract(), 403, "forbidden");
  }

  @Test
  void shouldRefuseClearingTheDescriptionOrAnUnknownField() {
    long company = newCompany();
    String token = key(company, false);
    long id = create(token, CONSULTING).path("id").asLong();
    assertProblem(patch(token, id, "{\"description\": null}").extract(), 422, "validation_error");
    assertProblem(patch(token, id, "{\"amount\": 5}").extract(), 422, "validation_error");
    assertProblem(
        patch(token, id, "{\"after_completion\": {\"redirect_url\": \"http://evil.test\"}}")
            .extract(),
        422,
        "validation_error");
  }

  // The page

  @Test
  void shouldServeTheCheckoutPageWithTestBannerAndSecurityHeaders() {
    long company = newCompany();
    JsonNode link = create(key(company, false), CONSULTING);
    ExtractableResponse<Response> page = page(pagePath(link));
    String html = page.body().asString();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(html)
        .contains("Acme Tools", "$1,200.00", "One hour of consulting", "Test mode")
        .contains("4242 4242 4242 4242", "4000 0000 0000 0002", "Declined: Your card was declined.")
        .contains("name=\"card_number\"", "name=\"expiry\"", "name=\"cvc\"", "name=\"name\"")
        .contains("method=\"post\" action=\"" + pagePath(link) + "\"")
        .doesNotContain("<script", "http://", "https://");
    assertSecurityHeaders(page);
    // Each render has its own form token.
    assertThat(csrf(page(pagePath(link)).body().asString())).isNotEqualTo(csrf(html));
  }

  @Test
  void shouldEscapeTheMerchantsTextAndDefaultTheCompanyName() {
    long company = newCompany();
    JsonNode link =
        create(
            key(company, false),
            "{\"amount\": 999, \"currency\": \"jpy\", \"description\": \"<b>Tea</b> & \\\"cake\\\"\"}");
    String html = page(pagePath(link)).body().asString();
    assertThat(html)
        .contains("Company " + company, "¥999", "&lt;b&gt;Tea&lt;/b&gt; &amp; &quot;cake&quot;");
    assertThat(html).doesNotContain("<b>Tea");
  }

  @Test
  void shouldAnswerAnUnknownTokenWithA404Page() {
    for (String token :
        List.of(
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "nope",
            "not-a-token-but-much-too-long-for-one-1234567890")) {
      ExtractableResponse<Response> page = page("/pay/links/" + token);
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(page.contentType()).startsWith("text/html");
      assertThat(page.body().asString()).contains("Payment link not found");
      ExtractableResponse<Response> post =
          submit("/pay/links/" + token, "x", "4242424242424242", futureExpiry(), "123", "A");
      assertThat(post.statusCode()).isEqualTo(404);
      assertThat(post.contentType()).startsWith("text/html");
    }
    assertSecurityHeaders(page("/pay/links/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  }

  @Test
  void shouldRefusePaymentOnAnInactiveLink() {
    long company = newCompany();
    String token = key(company, false);
    JsonNode link = create(token, CONSULTING);
    String path = pagePath(link);
    String csrf = csrf(page(path).body().asString());
    patch(token, link.path("id").asLong(), "{\"active\": false}").statusCode(200);
    ExtractableResponse<Response> page = page(path);
    assertThat(page.statusCode()).isEqualTo(410);
    assertThat(page.body().asString()).contains("no longer active").doesNotContain("card_number");
    ExtractableResponse<Response> paid =
        submit(path, csrf, "4242424242424242", futureExpiry(), "123", "Ada");
    assertThat(paid.statusCode()).isEqualTo(410);
    assertThat(paid.contentType()).startsWith("text/html");
    assertNoOrders(token);
    // Reactivated, the same form pays.
    patch(token, link.path("id").asLong(), "{\"active\": true}").statusCode(200);
    assertThat(submit(path, csrf, "4242424242424242", futureExpiry(), "123", "Ada").statusCode())
        .isEqualTo(200);
  }

  @Test
  void shouldRefuseAFormWithoutOrWithAForgedTokenAndChargeNothing() {
    long company = newCompany();
    String token = key(company, false);
    JsonNode link = create(token, CONSULTING);
    String path = pagePath(link);
    String real = csrf(page(path).body().asString());
    String otherLinksToken = csrf(page(pagePath(create(token, CONSULTING))).body().asString());
    String[] parts = real.split("\\.");
    List<String> forged = new ArrayList<>();
    forged.add(null);
    forged.add("");
    forged.add("not-a-token");
    forged.add(otherLinksToken);
    forged.add(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2]);
    forged.add("AAAAAAAAAAAAAAAAAAAAAA." + parts[1] + "." + parts[2]);
    forged.add(parts[0] + "." + parts[1] + "." + "A".repeat(43));
    for (String csrf : forged) {
      ExtractableResponse<Response> answer =
          submit(path, csrf, "4242424242424242", futureExpiry(), "123", "Ada");
      assertThat(answer.statusCode()).as(String.valueOf(csrf)).isEqualTo(403);
      assertThat(answer.contentType()).startsWith("text/html");
      assertThat(answer.body().asString()).contains("could not be verified", "Nothing was charged");
      assertSecurityHeaders(answer);
    }
    assertNoOrders(token);
    assertThat(events(company)).doesNotContain("payment.succeeded", "order.created");
  }

  @Test
  void shouldPayByFormAndShowTheReceipt() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    JsonNode link = create(token, CONSULTING);
    String path = pagePath(link);
    ExtractableResponse<Response> answer =
        submit(
            path,
            csrf(page(path).body().asString()),
            "4242 4242 4242 4242",
            futureExpiry(),
            "123",
            "Ada Lovelace");
    String receipt = answer.body().asString();
    assertThat(answer.statusCode()).as(receipt).isEqualTo(200);
    assertSecurityHeaders(answer);
    long orderId = orderIdOf(receipt);
    assertThat(receipt)
        .contains("Payment received", "$1,200.00", "One hour of consulting", "Visa •••• 4242")
        .contains("href=\"https://acme.test/thanks?from=link&amp;order_id=" + orderId + "\"")
        .doesNotContain("4242424242424242", "4242 4242 4242 4242");
    as(token)
        .get("/api/v1/orders/" + orderId)
        .then()
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("amount_paid", equalTo(120000))
        .body("contact_id", nullValue())
        .body("description", equalTo("One hour of consulting"))
        .body("payment_link_id", equalTo(link.path("id").asInt()))
        .body("payments.size()", equalTo(1))
        .body("payments[0].card_last4", equalTo("4242"));
    assertThat(events(company))
        .containsExactly(
            "payment_link.created",
            "order.created",
            "payment.succeeded",
            "order.paid",
            "payment_link.completed");
    JsonNode completed = outboxData(company, "payment_link.completed");
    assertThat(completed.path("order_id").asLong()).isEqualTo(orderId);
    assertThat(completed.path("id").asLong()).isEqualTo(link.path("id").asLong());
    assertThat(completed.path("object").asText()).isEqualTo("payment_link");
    assertNoCardNumberStored();
  }

  @Test
  void shouldShowTheDeclineAndLetTheCustomerTryAgainOnTheSameOrder() {
    long company = newCompany();
    String token = key(company, false);
    String path = pagePath(create(token, CONSULTING));
    String csrf = csrf(page(path).body().asString());
    ExtractableResponse<Response> declined =
        submit(path, csrf, "4000000000000002", futureExpiry(), "123", "Ada Lovelace");
    String html = declined.body().asString();
    assertThat(declined.statusCode()).as(html).isEqualTo(402);
    assertThat(declined.contentType()).startsWith("text/html");
    assertThat(html)
        .contains("Your card was declined.", "name=\"card_number\"", "value=\"Ada Lovelace\"");
    assertThat(html).doesNotContain("4000000000000002\"");
    assertThat(csrf(html)).isEqualTo(csrf);
    ExtractableResponse<Response> paid =
        submit(path, csrf(html), "4242424242424242", futureExpiry(), "123", "Ada Lovelace");
    assertThat(paid.statusCode()).isEqualTo(200);
    long orderId = orderIdOf(paid.body().asString());
    as(token)
        .get("/api/v1/orders/" + orderId)
        .then()
        .body("status", equalTo("paid"))
        .body("payments.size()", equalTo(2))
        .body("payments[0].status", equalTo("failed"))
        .body("payments[1].status", equalTo("succeeded"));
    as(token).get("/api/v1/orders").then().body("total", equalTo(1));
  }

  @Test
  void shouldNotChargeTwiceWhenTheSameFormIsSubmittedAgain() {
    long company = newCompany();
    String token = key(company, false);
    String path = pagePath(create(token, CONSULTING));
    String csrf = csrf(page(path).body().asString());
    ExtractableResponse<Response> first =
        submit(path, csrf, "4242424242424242", futureExpiry(), "123", "Ada");
    assertThat(first.statusCode()).isEqualTo(200);
    long orderId = orderIdOf(first.body().asString());
    ExtractableResponse<Response> again =
        submit(path, csrf, "5555555555554444", futureExpiry(), "321", "Ada");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(orderIdOf(again.body().asString())).isEqualTo(orderId);
    assertThat(again.body().asString()).contains("Visa •••• 4242");
    as(token).get("/api/v1/orders/" + orderId).then().body("payments.size()", equalTo(1));
    as(token).get("/api/v1/orders").then().body("total", equalTo(1));
    assertThat(events(company).stream().filter("order.paid"::equals)).hasSize(1);
  }

  @Test
  void shouldChargeOnceWhenOneFormIsSubmittedManyTimesAtOnce() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    String path = pagePath(create(token, CONSULTING));
    String csrf = csrf(page(path).body().asString());
    String expiry = futureExpiry();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(
            pool.submit(
                () -> submit(path, csrf, "4242424242424242", expiry, "123", "Ada").statusCode()));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isIn(200, 409);
      }
    } finally {
      pool.shutdownNow();
    }
    as(token)
        .get("/api/v1/orders")
        .then()
        .body("total", equalTo(1))
        .body("items[0].status", equalTo("paid"));
    assertThat(events(company).stream().filter("payment.succeeded"::equals)).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "4242424242424241|12/40|123|Ada|Your card number is invalid.",
        "1234|12/40|123|Ada|Your card number is invalid.",
        "|12/40|123|Ada|Enter your card number.",
        "4111111111111111|12/40|123|Ada|This is test mode: use one of the test cards listed above.",
        "4242424242424242|01/20|123|Ada|Your card&#39;s expiration date is in the past.",
        "4242424242424242|13/40|123|Ada|Your card&#39;s expiration date is incomplete or invalid",
        "4242424242424242|12/40||Ada|Enter your card&#39;s security code (CVC).",
        "4242424242424242|12/40|12a|Ada|must be 3 or 4 digits",
        "4242424242424242|12/40|123||Enter the name on your card.",
      })
  void shouldExplainInvalidCardFieldsOnThePage(
      String number, String expiry, String cvc, String name, String message) {
    long company = newCompany();
    String token = key(company, false);
    String path = pagePath(create(token, CONSULTING));
    String csrf = csrf(page(path).body().asString());
    ExtractableResponse<Response> answer =
        submit(
            path,
            csrf,
            number == null ? "" : number,
            expiry,
            cvc == null ? "" : cvc,
            name == null ? "" : name);
    assertThat(answer.statusCode()).isEqualTo(422);
    assertThat(answer.body().asString())
        .contains(message, "aria-invalid=\"true\"", "name=\"csrf_token\"");
    assertNoOrders(token);
  }

  private static io.restassured.response.ValidatableResponse patch(
      String token, long id, String json) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(json)
        .patch("/api/v1/payment-links/" + id)
        .then();
  }

  private static void assertSecurityHeaders(ExtractableResponse<Response> page) {
    assertThat(page.header("Content-Security-Policy"))
        .contains("default-src 'none'", "style-src 'unsafe-inline'", "form-action 'self'")
        .contains("img-src 'self' data:", "frame-ancestors 'none'");
    assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
  }

  private static void assertNoOrders(String token) {
    as(token).get("/api/v1/orders").then().statusCode(200).body("total", equalTo(0));
  }

  private static JsonNode outboxData(long company, String type) throws Exception {
    try (Connection db = PaymentsApi.database();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT payload::json->'data' FROM payments.outbox WHERE payload::json->>'company_id' = ?"
                    + " AND payload::json->>'event' = ?")) {
      query.setString(1, Long.toString(company));
      query.setString(2, type);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return PaymentsApi.JSON.readTree(rows.getString(1));
      }
    }
  }

  private static void assertNoCardNumberStored() throws Exception {
    try (Connection db = PaymentsApi.database();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT count(*) FROM payments.payments p WHERE p::text LIKE '%4242424242424242%'");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }
}
