package dev.solid.payments.stripe;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.order;
import static dev.solid.payments.support.PaymentsApi.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandIns;
import dev.solid.payments.support.StandInsResource;
import dev.solid.payments.support.StripeStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stripe's events, signed as Stripe signs them, at {@code /api/v1/gateway/stripe/webhook}. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class StripeWebhookTest {
  private static final String PATH = "/api/v1/gateway/stripe/webhook";
  private static final String SECRET = "whsec_test_secret";
  private static final StripeStandIn STRIPE = StandIns.instance().stripe();

  @Test
  void paymentIntentSucceededCompletesAPaymentLeftProcessingOnceAndAReplayChangesNothing() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 2500);
    Processing processing = leftProcessing(live, id);
    try {
      String event =
          paymentIntentEvent(
              "payment_intent.succeeded", "pi_hook_" + id, 2500, company, processing.paymentId());
      ExtractableResponse<Response> first = deliver(event, SECRET, now());
      assertThat(first.statusCode()).as(first.body().asString()).isEqualTo(200);
      as(live)
          .get("/api/v1/orders/" + id)
          .then()
          .body("status", equalTo("paid"))
          .body("amount_paid", equalTo(2500))
          .body("payments[0].status", equalTo("succeeded"))
          .body("payments[0].processor_id", equalTo("pi_hook_" + id));
      List<String> applied = List.of("order.created", "payment.succeeded", "order.paid");
      assertThat(events(company)).containsExactlyElementsOf(applied);

      // Stripe delivers again (same event id, newly signed): acknowledged, nothing changes.
      assertThat(deliver(event, SECRET, now()).statusCode()).isEqualTo(200);
      assertThat(events(company)).containsExactlyElementsOf(applied);
    } finally {
      STRIPE.reset(id);
    }
  }

  @Test
  void missingTamperedWronglySignedAndStaleEventsAre400AndChangeNothing() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 2600);
    Processing processing = leftProcessing(live, id);
    try {
      String event =
          paymentIntentEvent(
              "payment_intent.succeeded", "pi_hook_" + id, 2600, company, processing.paymentId());
      long now = now();
      List<ExtractableResponse<Response>> refused =
          List.of(
              given().contentType("application/json").body(event).post(PATH).then().extract(),
              deliverSigned(event.replace("2600", "2601"), signature(event, SECRET, now)),
              deliver(event, "whsec_someone_else", now),
              deliver(event, SECRET, now - 301),
              deliverSigned(event, "t=" + now + ",v1=" + "0".repeat(64)),
              deliverSigned(event, "v1=" + StripeSignature.sign(SECRET, now, bytes(event))));
      for (ExtractableResponse<Response> response : refused) {
        assertProblem(response, 400, "bad_request");
      }
      as(live)
          .get("/api/v1/orders/" + id)
          .then()
          .body("status", equalTo("pending"))
          .body("payments[0].status", equalTo("processing"));
      assertThat(events(company)).containsExactly("order.created");

      // The same event properly signed applies, even with a second (rolled) signature beside it.
      String both =
          "t="
              + now
              + ",v1="
              + "f".repeat(64)
              + ",v1="
              + StripeSignature.sign(SECRET, now, bytes(event));
      assertThat(deliverSigned(event, both).statusCode()).isEqualTo(200);
      as(live).get("/api/v1/orders/" + id).then().body("status", equalTo("paid"));
    } finally {
      STRIPE.reset(id);
    }
  }

  @Test
  void paymentFailedRecordsTheDeclineOnAPaymentLeftProcessing() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 2700);
    Processing processing = leftProcessing(live, id);
    try {
      String event =
          paymentIntentEvent(
                  "payment_intent.payment_failed",
                  "pi_hook_" + id,
                  2700,
                  company,
                  processing.paymentId())
              .replace(
                  "\"last_payment_error\":null",
                  "\"last_payment_error\":{\"type\":\"card_error\",\"code\":\"card_declined\","
                      + "\"decline_code\":\"insufficient_funds\",\"message\":\"Your card has"
                      + " insufficient funds.\"}");
      assertThat(deliver(event, SECRET, now()).statusCode()).isEqualTo(200);
      as(live)
          .get("/api/v1/orders/" + id)
          .then()
          .body("status", equalTo("pending"))
          .body("last_payment_error.decline_code", equalTo("insufficient_funds"))
          .body("payments[0].status", equalTo("failed"));
      assertThat(events(company)).containsExactly("order.created", "payment.failed");
    } finally {
      STRIPE.reset(id);
    }
  }

  @Test
  void chargeRefundedFinishesAPendingRefund() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 8000);
    post(live, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200);
    STRIPE.failNext(id, 1_000, 503);
    try {
      JsonNode problem =
          assertProblem(
              post(live, "/api/v1/orders/" + id + "/refunds", "{\"amount\": 3000}").extract(),
              503,
              "service_unavailable");
      long refundId = problem.path("refund_id").asLong();
      as(live).get("/api/v1/orders/" + id).then().body("refunds[0].status", equalTo("pending"));
      String pi = STRIPE.paymentIntents(id).get(0);
      String event =
          "{\"id\":\"evt_"
              + UUID.randomUUID()
              + "\",\"object\":\"event\",\"type\":\"charge.refunded\","
              + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"ch_hook\",\"object\":\"charge\","
              + "\"payment_intent\":\""
              + pi
              + "\",\"amount_refunded\":3000,\"refunds\":{\"object\":"
              + "\"list\",\"data\":[{\"id\":\"re_hook_"
              + refundId
              + "\",\"object\":\"refund\","
              + "\"amount\":3000,\"status\":\"succeeded\",\"payment_intent\":\""
              + pi
              + "\","
              + "\"metadata\":{\"solid_refund_id\":\""
              + refundId
              + "\",\"solid_company_id\":\""
              + company
              + "\",\"solid_order_id\":\""
              + id
              + "\"}}]}}}}";
      assertThat(deliver(event, SECRET, now()).statusCode()).isEqualTo(200);
      as(live)
          .get("/api/v1/orders/" + id)
          .then()
          .body("status", equalTo("partially_refunded"))
          .body("amount_refunded", equalTo(3000))
          .body("refunds[0].status", equalTo("succeeded"))
          .body("refunds[0].processor_id", equalTo("re_hook_" + refundId));
      assertThat(deliver(event, SECRET, now()).statusCode()).isEqualTo(200);
      assertThat(events(company))
          .containsExactly(
              "order.created",
              "payment.succeeded",
              "order.paid",
              "refund.created",
              "order.refunded");
    } finally {
      STRIPE.reset(id);
    }
  }

  @Test
  void unknownEventsAndObjectsAreAcknowledged() {
    String unknownType =
        "{\"id\":\"evt_"
            + UUID.randomUUID()
            + "\",\"object\":\"event\",\"type\":\"customer.created\","
            + "\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}";
    assertThat(deliver(unknownType, SECRET, now()).statusCode()).isEqualTo(200);
    String unknownPayment = paymentIntentEvent("payment_intent.succeeded", "pi_nobody", 100, 1, 1);
    ExtractableResponse<Response> answer = deliver(unknownPayment, SECRET, now());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.jsonPath().getBoolean("received")).isTrue();
  }

  private record Processing(long paymentId) {}

  /** A live charge Stripe never answers (every call for the order fails): left processing. */
  private static Processing leftProcessing(String live, long orderId) {
    STRIPE.failNext(orderId, 1_000, 500);
    JsonNode problem =
        assertProblem(
            post(
                    live,
                    "/api/v1/orders/" + orderId + "/pay",
                    "{\"payment_method\": \"pm_card_visa\"}")
                .extract(),
            503,
            "service_unavailable");
    return new Processing(problem.path("payment_id").asLong());
  }

  private static String paymentIntentEvent(
      String type, String intentId, long amount, long company, long paymentId) {
    return "{\"id\":\"evt_"
        + UUID.randomUUID()
        + "\",\"object\":\"event\",\"api_version\":"
        + "\"2024-06-20\",\"type\":\""
        + type
        + "\",\"livemode\":false,\"created\":"
        + now()
        + ",\"data\":{\"object\":{\"id\":\""
        + intentId
        + "\",\"object\":\"payment_intent\","
        + "\"amount\":"
        + amount
        + ",\"currency\":\"usd\",\"status\":\""
        + (type.endsWith("succeeded") ? "succeeded" : "requires_payment_method")
        + "\","
        + "\"latest_charge\":\"ch_hook\",\"last_payment_error\":null,\"metadata\":{"
        + "\"solid_payment_id\":\""
        + paymentId
        + "\",\"solid_company_id\":\""
        + company
        + "\"}}}}";
  }

  private static ExtractableResponse<Response> deliver(String body, String secret, long timestamp) {
    return deliverSigned(body, signature(body, secret, timestamp));
  }

  private static ExtractableResponse<Response> deliverSigned(String body, String signature) {
    return given()
        .contentType("application/json; charset=utf-8")
        .header("Stripe-Signature", signature)
        .body(bytes(body))
        .post(PATH)
        .then()
        .extract();
  }

  private static String signature(String body, String secret, long timestamp) {
    return "t=" + timestamp + ",v1=" + StripeSignature.sign(secret, timestamp, bytes(body));
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
