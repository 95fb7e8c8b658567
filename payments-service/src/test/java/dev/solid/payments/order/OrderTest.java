package dev.solid.payments.order;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.order;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandIns;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
class OrderTest {

  @Test
  void seedExampleCreatesAPendingOrderWithAndWithoutTrailingSlash() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    for (String path : List.of("/api/v1/orders/", "/api/v1/orders")) {
      post(token, path, "{\"contact_id\": " + contact + ", \"amount\": 120000}")
          .statusCode(201)
          .body("object", equalTo("order"))
          .body("status", equalTo("pending"))
          .body("amount", equalTo(120000))
          .body("currency", equalTo("usd"))
          .body("livemode", equalTo(false))
          .body("contact_id", equalTo((int) contact))
          .body("amount_paid", equalTo(0));
    }
    assertThat(events(company)).containsExactly("order.created", "order.created");
  }

  @Test
  void negativeAmountIsSeedsValidationError() {
    long company = newCompany();
    String token = key(company, false);
    JsonNode problem =
        assertProblem(
            post(
                    token,
                    "/api/v1/orders",
                    "{\"contact_id\": " + contact(company, false) + ", \"amount\": -500}")
                .extract(),
            422,
            "validation_error");
    assertThat(problem.path("message").asText())
        .isEqualTo("Field 'amount' must be a positive integer (cents)");
    assertThat(problem.path("details").toString())
        .isEqualTo("[{\"field\":\"amount\",\"error\":\"must_be_positive\",\"received\":-500}]");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "12.5|amount",
        "\"1200\"|amount",
        "100000000|amount",
        "0|amount",
      })
  void badAmountsAre422(String amount, String field) {
    long company = newCompany();
    String token = key(company, false);
    JsonNode problem =
        assertProblem(
            post(
                    token,
                    "/api/v1/orders",
                    "{\"contact_id\": " + contact(company, false) + ", \"amount\": " + amount + "}")
                .extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("field").asText()).isEqualTo(field);
  }

  @Test
  void lineItemsMakeTheAmountAndADisagreeingAmountIsRefused() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    String lines =
        "\"line_items\": [{\"description\": \"Setup\", \"quantity\": 1, \"unit_amount\": 50000},"
            + " {\"description\": \"Seats\", \"quantity\": 10, \"unit_amount\": 7000}]";
    post(token, "/api/v1/orders", "{\"contact_id\": " + contact + ", " + lines + "}")
        .statusCode(201)
        .body("amount", equalTo(120000))
        .body("line_items[1].amount", equalTo(70000));
    JsonNode problem =
        assertProblem(
            post(
                    token,
                    "/api/v1/orders",
                    "{\"contact_id\": " + contact + ", \"amount\": 1, " + lines + "}")
                .extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("error").asText()).isEqualTo("amount_mismatch");
  }

  @Test
  void unknownContactAndBadCurrencyAre422NamingTheField() {
    long company = newCompany();
    String token = key(company, false);
    JsonNode problem =
        assertProblem(
            post(token, "/api/v1/orders", "{\"contact_id\": 987654321, \"amount\": 100}").extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("field").asText()).isEqualTo("contact_id");
    // Another company's contact does not exist for this one.
    long other = newCompany();
    long theirs = contact(other, false);
    assertProblem(
        post(token, "/api/v1/orders", "{\"contact_id\": " + theirs + ", \"amount\": 100}")
            .extract(),
        422,
        "validation_error");
    problem =
        assertProblem(
            post(
                    token,
                    "/api/v1/orders",
                    "{\"contact_id\": "
                        + contact(company, false)
                        + ", \"amount\": 100, \"currency\": \"zzz\"}")
                .extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("field").asText()).isEqualTo("currency");
  }

  @Test
  void crmDownIs503NotAMissingContact() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    StandIns.instance().crmFailure(500);
    try {
      assertProblem(
          post(token, "/api/v1/orders", "{\"contact_id\": " + contact + ", \"amount\": 100}")
              .extract(),
          503,
          "service_unavailable");
    } finally {
      StandIns.instance().crmFailure(0);
    }
  }

  @Test
  void payingWithVisaPaysTheOrderOnce() {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 120000);
    post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"4242 4242 4242 4242\"}")
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("amount_paid", equalTo(120000))
        .body("payments.size()", equalTo(1))
        .body("payments[0].status", equalTo("succeeded"))
        .body("payments[0].card_brand", equalTo("visa"))
        .body("payments[0].card_last4", equalTo("4242"))
        .body("payments[0].payment_method", equalTo("pm_card_visa"));
    assertProblem(
        post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
            .extract(),
        409,
        "invalid_state");
    assertThat(events(company)).containsExactly("order.created", "payment.succeeded", "order.paid");
  }

  @ParameterizedTest
  @CsvSource({
    "4000000000000002,card_declined,generic_decline",
    "4000000000009995,card_declined,insufficient_funds",
    "4000000000000069,expired_card,expired_card",
    "4000000000000127,incorrect_cvc,incorrect_cvc",
    "4000000000000119,processing_error,processing_error",
    "4000000000000341,card_declined,generic_decline",
    "pm_card_chargeDeclined,card_declined,generic_decline",
  })
  void declinesAre402AndTheOrderStaysPending(String card, String code, String declineCode) {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 5000);
    JsonNode problem =
        assertProblem(
            post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"" + card + "\"}")
                .extract(),
            402,
            "payment_failed");
    assertThat(problem.path("decline_code").asText()).isEqualTo(declineCode);
    assertThat(problem.path("payment_error_code").asText()).isEqualTo(code);
    assertThat(problem.path("retryable").asBoolean()).isEqualTo("processing_error".equals(code));
    as(token)
        .get("/api/v1/orders/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("pending"))
        .body("last_payment_error.code", equalTo(code))
        .body("last_payment_error.decline_code", equalTo(declineCode))
        .body("payments[0].status", equalTo("failed"));
    // The customer tries again with a good card.
    post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("last_payment_error", equalTo(null))
        .body("payments.size()", equalTo(2));
  }

  @Test
  void paymentMethodsThatAreNotTestCardsAreRefused() {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 5000);
    for (String method : List.of("4111111111111112", "pm_nope", "tok_visa", "")) {
      assertProblem(
          post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"" + method + "\"}")
              .extract(),
          422,
          "validation_error");
    }
    // Live mode never takes a raw card number.
    String live = key(company, true);
    long liveOrder = order(live, contact(company, true), 5000);
    JsonNode problem =
        assertProblem(
            post(
                    live,
                    "/api/v1/orders/" + liveOrder + "/pay",
                    "{\"payment_method\": \"4242424242424242\"}")
                .extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("error").asText())
        .isEqualTo("raw_card_not_allowed");
    assertThat(problem.path("message").asText()).contains("Live mode never accepts a raw card");
  }

  @Test
  void concurrentPaysOfOneOrderChargeOnce() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 7777);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () ->
                    post(
                            token,
                            "/api/v1/orders/" + id + "/pay",
                            "{\"payment_method\": \"pm_card_visa\"}")
                        .extract()
                        .statusCode()));
      }
      int ok = 0;
      for (Future<Integer> answer : answers) {
        int status = answer.get();
        assertThat(status).isIn(200, 409);
        ok += status == 200 ? 1 : 0;
      }
      assertThat(ok).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    as(token)
        .get("/api/v1/orders/" + id)
        .then()
        .body("payments.size()", equalTo(1))
        .body("amount_paid", equalTo(7777));
  }

  @Test
  void refundsArePartialThenFullAndNeverExceedThePaidAmount() {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 10000);
    assertProblem(
        post(token, "/api/v1/orders/" + id + "/refunds", "{}").extract(), 409, "invalid_state");
    post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200);
    post(
            token,
            "/api/v1/orders/" + id + "/refunds",
            "{\"amount\": 3000, \"reason\": \"requested_by_customer\"}")
        .statusCode(201)
        .body("object", equalTo("refund"))
        .body("status", equalTo("succeeded"))
        .body("amount", equalTo(3000));
    as(token)
        .get("/api/v1/orders/" + id)
        .then()
        .body("status", equalTo("partially_refunded"))
        .body("amount_refunded", equalTo(3000));
    JsonNode problem =
        assertProblem(
            post(token, "/api/v1/orders/" + id + "/refunds", "{\"amount\": 7001}").extract(),
            422,
            "validation_error");
    assertThat(problem.path("details").get(0).path("error").asText())
        .isEqualTo("exceeds_refundable");
    assertProblem(
        post(token, "/api/v1/orders/" + id + "/refunds", "{\"reason\": \"because\"}").extract(),
        422,
        "validation_error");
    post(token, "/api/v1/orders/" + id + "/refunds", "{}")
        .statusCode(201)
        .body("amount", equalTo(7000));
    as(token)
        .get("/api/v1/orders/" + id)
        .then()
        .body("status", equalTo("refunded"))
        .body("amount_refunded", equalTo(10000))
        .body("refunds.size()", equalTo(2));
    assertProblem(
        post(token, "/api/v1/orders/" + id + "/refunds", "{\"amount\": 1}").extract(),
        409,
        "invalid_state");
    assertThat(events(company))
        .containsExactly(
            "order.created",
            "payment.succeeded",
            "order.paid",
            "refund.created",
            "order.refunded",
            "refund.created",
            "order.refunded");
  }

  @Test
  void concurrentRefundsNeverExceedThePayment() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 10000);
    post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(
            () ->
                post(token, "/api/v1/orders/" + id + "/refunds", "{\"amount\": 3000}")
                    .extract()
                    .statusCode());
      }
      int created = 0;
      for (Future<Integer> answer : pool.invokeAll(calls)) {
        assertThat(answer.get()).isIn(201, 422, 409);
        created += answer.get() == 201 ? 1 : 0;
      }
      assertThat(created).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
    as(token)
        .get("/api/v1/orders/" + id)
        .then()
        .body("amount_refunded", equalTo(9000))
        .body("status", equalTo("partially_refunded"));
  }

  @Test
  void cancelOnlyWhileNothingIsPaid() {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 1000);
    post(token, "/api/v1/orders/" + id + "/cancel", "{}")
        .statusCode(200)
        .body("status", equalTo("canceled"));
    assertProblem(
        post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
            .extract(),
        409,
        "invalid_state");
    long paid = order(token, contact(company, false), 1000);
    post(token, "/api/v1/orders/" + paid + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200);
    JsonNode problem =
        assertProblem(
            post(token, "/api/v1/orders/" + paid + "/cancel", "{}").extract(),
            409,
            "invalid_state");
    assertThat(problem.path("status").asText()).isEqualTo("paid");
    assertThat(problem.path("message").asText()).contains("is paid");
  }

  @Test
  void ordersAreTenantAndModeScopedAndListsFilter() {
    long company = newCompany();
    String token = key(company, false);
    long contact = contact(company, false);
    long first = order(token, contact, 100);
    long second = order(token, contact(company, false), 200);
    post(token, "/api/v1/orders/" + second + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200);
    as(token)
        .get("/api/v1/orders?status=paid")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].id", equalTo((int) second))
        .body("items[0].payments", equalTo(null));
    as(token)
        .get("/api/v1/orders?contact_id=" + contact)
        .then()
        .body("total", equalTo(1))
        .body("items[0].id", equalTo((int) first));
    as(token)
        .get("/api/v1/orders?limit=1")
        .then()
        .body("items.size()", equalTo(1))
        .body("has_more", equalTo(true));
    assertProblem(
        as(token).get("/api/v1/orders?status=unpaid").then().extract(), 422, "validation_error");
    String live = key(company, true);
    String stranger = key(newCompany(), false);
    for (String other : List.of(live, stranger)) {
      for (ExtractableResponse<Response> response :
          List.of(
              as(other).get("/api/v1/orders/" + first).then().extract(),
              post(
                      other,
                      "/api/v1/orders/" + first + "/pay",
                      "{\"payment_method\": \"pm_card_visa\"}")
                  .extract(),
              post(other, "/api/v1/orders/" + second + "/refunds", "{}").extract(),
              post(other, "/api/v1/orders/" + first + "/cancel", "{}").extract())) {
        assertProblem(response, 404, "not_found");
      }
      as(other).get("/api/v1/orders").then().body("total", equalTo(0));
    }
  }

  @Test
  void scopesAreChecked() {
    long company = newCompany();
    String reader = dev.solid.infra.testing.TestTokens.apiKey(company, false, "read:payments");
    assertProblem(
        as(reader)
            .contentType(ContentType.JSON)
            .body("{\"contact_id\":1,\"amount\":1}")
            .post("/api/v1/orders")
            .then()
            .extract(),
        403,
        "forbidden");
    String writer = dev.solid.infra.testing.TestTokens.apiKey(company, false, "write:payments");
    assertProblem(as(writer).get("/api/v1/orders").then().extract(), 403, "forbidden");
    // Checking the contact needs read:contacts, which crm requires.
    assertProblem(
        post(writer, "/api/v1/orders", "{\"contact_id\": 1, \"amount\": 1}").extract(),
        403,
        "forbidden");
  }
}
