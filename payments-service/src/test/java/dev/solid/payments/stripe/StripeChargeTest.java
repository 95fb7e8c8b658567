package dev.solid.payments.stripe;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.order;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.processor.Charge;
import dev.solid.payments.processor.ChargeOutcome;
import dev.solid.payments.processor.ProcessorUnavailableException;
import dev.solid.payments.processor.RefundOutcome;
import dev.solid.payments.processor.StripeProcessor;
import dev.solid.payments.support.StandIns;
import dev.solid.payments.support.StandInsResource;
import dev.solid.payments.support.StripeStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Live mode charges and refunds through Stripe's stand-in. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class StripeChargeTest {
  private static final StripeStandIn STRIPE = StandIns.instance().stripe();

  @Inject StripeProcessor processor;

  @Test
  void liveOrderPaidWithVisaCreatesOnePaymentIntentWithTheKeysStripeNeeds() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 120000);
    post(live, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("livemode", equalTo(true))
        .body("amount_paid", equalTo(120000))
        .body("payments[0].status", equalTo("succeeded"))
        .body("payments[0].processor", equalTo("stripe"))
        .body("payments[0].processor_id", startsWith("pi_"))
        .body("payments[0].card_brand", equalTo("visa"))
        .body("payments[0].card_last4", equalTo("4242"));
    long paymentId =
        as(live).get("/api/v1/orders/" + id).then().extract().jsonPath().getLong("payments[0].id");

    List<StripeStandIn.Request> requests = STRIPE.requests(id);
    assertThat(requests).hasSize(1);
    StripeStandIn.Request request = requests.get(0);
    assertThat(request.path()).isEqualTo("/v1/payment_intents");
    assertThat(request.authorization()).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);
    assertThat(request.idempotencyKey()).isEqualTo("solid_payment_" + company + "_" + paymentId);
    assertThat(request.stripeVersion()).isEqualTo("2024-06-20");
    assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
    assertThat(request.param("amount")).isEqualTo("120000");
    assertThat(request.param("currency")).isEqualTo("usd");
    assertThat(request.param("confirm")).isEqualTo("true");
    assertThat(request.param("metadata[solid_payment_id]")).isEqualTo(Long.toString(paymentId));
    assertThat(request.param("metadata[solid_company_id]")).isEqualTo(Long.toString(company));
    assertThat(STRIPE.paymentIntents(id)).hasSize(1);
    assertThat(events(company)).containsExactly("order.created", "payment.succeeded", "order.paid");
  }

  @ParameterizedTest
  @CsvSource({
    "pm_card_chargeDeclined,card_declined,generic_decline,Your card was declined.",
    "pm_card_chargeDeclinedInsufficientFunds,card_declined,insufficient_funds,Your card has"
        + " insufficient funds.",
  })
  void liveDeclinesAre402WithStripesDeclineCode(
      String method, String code, String declineCode, String message) {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 5000);
    JsonNode problem =
        assertProblem(
            post(live, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"" + method + "\"}")
                .extract(),
            402,
            "payment_failed");
    assertThat(problem.path("decline_code").asText()).isEqualTo(declineCode);
    assertThat(problem.path("payment_error_code").asText()).isEqualTo(code);
    assertThat(problem.path("message").asText()).isEqualTo(message);
    as(live)
        .get("/api/v1/orders/" + id)
        .then()
        .body("status", equalTo("pending"))
        .body("last_payment_error.decline_code", equalTo(declineCode))
        .body("payments[0].status", equalTo("failed"))
        .body("payments[0].processor_id", equalTo(STRIPE.paymentIntents(id).get(0)))
        .body("payments[0].card_last4", equalTo(method.endsWith("Funds") ? "9995" : "0002"));
    assertThat(events(company)).containsExactly("order.created", "payment.failed");
  }

  @Test
  void aCardNeeding3dsIsAFailedChargeSayingAuthenticationIsRequired() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 5000);
    JsonNode problem =
        assertProblem(
            post(
                    live,
                    "/api/v1/orders/" + id + "/pay",
                    "{\"payment_method\": \"pm_card_authenticationRequired\"}")
                .extract(),
            402,
            "payment_failed");
    assertThat(problem.path("payment_error_code").asText()).isEqualTo("authentication_required");
    assertThat(problem.path("message").asText()).contains("3-D Secure").contains("hosted checkout");
    as(live).get("/api/v1/orders/" + id).then().body("status", equalTo("pending"));
  }

  @Test
  void anUnknownPaymentMethodIsAFailedChargeNotAnOutage() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 5000);
    JsonNode problem =
        assertProblem(
            post(live, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_nobody_knows\"}")
                .extract(),
            402,
            "payment_failed");
    assertThat(problem.path("payment_error_code").asText()).isEqualTo("resource_missing");
    assertThat(problem.path("message").asText()).doesNotContain("No such PaymentMethod");
  }

  @Test
  void aChargeStripeFailsWith500IsFinishedByTheRecoveryJobWithTheSameKeyAndOnePaymentIntent() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 4200);
    STRIPE.failNext(id, 1, 500);
    JsonNode problem =
        assertProblem(
            post(live, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
                .extract(),
            503,
            "service_unavailable");
    assertThat(problem.path("payment_id").asLong()).isPositive();
    as(live)
        .get("/api/v1/orders/" + id)
        .then()
        .body("status", equalTo("pending"))
        .body("payments[0].status", equalTo("processing"));

    awaitPaid(live, id);
    List<StripeStandIn.Request> requests = STRIPE.requests(id);
    assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
    assertThat(requests.get(0).status()).isEqualTo(500);
    assertThat(requests.stream().map(StripeStandIn.Request::idempotencyKey).distinct())
        .containsExactly("solid_payment_" + company + "_" + problem.path("payment_id").asLong());
    assertThat(STRIPE.paymentIntents(id)).hasSize(1);
    assertThat(events(company)).containsExactly("order.created", "payment.succeeded", "order.paid");
  }

  @Test
  void aChargeWhoseAnswerIsLostToTheTimeoutIsReplayedNotChargedTwice() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 4300);
    // Stripe takes 3 s (the service waits 1.5 s): the PaymentIntent is created, the answer lost.
    STRIPE.stallNext(id, Duration.ofSeconds(3));
    assertProblem(
        post(live, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
            .extract(),
        503,
        "service_unavailable");

    awaitPaid(live, id);
    assertThat(STRIPE.paymentIntents(id)).hasSize(1);
    List<StripeStandIn.Request> requests = STRIPE.requests(id);
    assertThat(requests.stream().map(StripeStandIn.Request::idempotencyKey).distinct()).hasSize(1);
    assertThat(requests).anyMatch(StripeStandIn.Request::replayed);
    as(live)
        .get("/api/v1/orders/" + id)
        .then()
        .body("payments[0].processor_id", equalTo(STRIPE.paymentIntents(id).get(0)));
    assertThat(events(company)).containsExactly("order.created", "payment.succeeded", "order.paid");
  }

  @Test
  void liveRefundsGoToStripeWithTheirOwnKeyAndNeverExceedThePayment() {
    long company = newCompany();
    String live = key(company, true);
    long id = order(live, contact(company, true), 10000);
    post(live, "/api/v1/orders/" + id + "/pay", "{\"payment_method\": \"pm_card_visa\"}")
        .statusCode(200);
    long refundId =
        post(live, "/api/v1/orders/" + id + "/refunds", "{\"amount\": 3000}")
            .statusCode(201)
            .body("status", equalTo("succeeded"))
            .body("processor_id", startsWith("re_"))
            .extract()
            .jsonPath()
            .getLong("id");
    post(live, "/api/v1/orders/" + id + "/refunds", "{}")
        .statusCode(201)
        .body("amount", equalTo(7000));
    as(live)
        .get("/api/v1/orders/" + id)
        .then()
        .body("status", equalTo("refunded"))
        .body("amount_refunded", equalTo(10000));

    List<StripeStandIn.Request> refunds =
        STRIPE.requests(id).stream().filter(r -> r.path().equals("/v1/refunds")).toList();
    assertThat(refunds).hasSize(2);
    assertThat(refunds.get(0).idempotencyKey())
        .isEqualTo("solid_refund_" + company + "_" + refundId);
    assertThat(refunds.get(0).param("payment_intent")).isEqualTo(STRIPE.paymentIntents(id).get(0));
    assertThat(refunds.get(0).param("amount")).isEqualTo("3000");
    assertThat(refunds.get(0).param("metadata[solid_refund_id]"))
        .isEqualTo(Long.toString(refundId));
    assertThat(refunds.get(0).authorization()).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);

    // Stripe itself refuses more than is left (here nothing), as a failed refund, not an outage.
    RefundOutcome more =
        processor
            .refund("it_" + UUID.randomUUID(), STRIPE.paymentIntents(id).get(0), 1, Map.of())
            .await()
            .atMost(Duration.ofSeconds(10));
    assertThat(more.succeeded()).isFalse();
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
  void theSameKeyReplaysTheFirstAnswerAndOtherParametersAreNotACharge() {
    String key = "it_" + UUID.randomUUID();
    Charge charge = new Charge(key, 1500, "usd", "pm_card_visa", "Replay", Map.of());
    ChargeOutcome first = processor.charge(charge).await().atMost(Duration.ofSeconds(10));
    ChargeOutcome again = processor.charge(charge).await().atMost(Duration.ofSeconds(10));
    assertThat(first.succeeded()).isTrue();
    assertThat(again.processorId()).isEqualTo(first.processorId());
    assertThat(STRIPE.requests().stream().filter(r -> key.equals(r.idempotencyKey())))
        .extracting(StripeStandIn.Request::replayed)
        .containsExactly(false, true);
    // Stripe refuses the key with other parameters; the first may have charged: outcome unknown.
    Charge other = new Charge(key, 1600, "usd", "pm_card_visa", "Replay", Map.of());
    assertThatThrownBy(() -> processor.charge(other).await().atMost(Duration.ofSeconds(10)))
        .isInstanceOf(ProcessorUnavailableException.class)
        .hasMessageContaining("idempotency_error");
  }

  private static void awaitPaid(String token, long id) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> as(token).get("/api/v1/orders/" + id).then().body("status", equalTo("paid")));
  }
}
