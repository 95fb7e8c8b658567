package dev.solid.payments.link;

import static dev.solid.payments.support.LiveCheckout.comeBack;
import static dev.solid.payments.support.LiveCheckout.deliver;
import static dev.solid.payments.support.LiveCheckout.pay;
import static dev.solid.payments.support.LiveCheckout.sessionOf;
import static dev.solid.payments.support.PaymentLinks.create;
import static dev.solid.payments.support.PaymentLinks.csrf;
import static dev.solid.payments.support.PaymentLinks.orderIdOf;
import static dev.solid.payments.support.PaymentLinks.page;
import static dev.solid.payments.support.PaymentLinks.pagePath;
import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A live payment link: the card is entered on Stripe's Checkout page (the stand-in), never here.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class LiveCheckoutTest {
  private static final StripeStandIn STRIPE = StandIns.instance().stripe();
  private static final String CONSULTING =
      "{\"amount\": 120000, \"description\": \"One hour of consulting\","
          + " \"business_name\": \"Acme Tools\","
          + " \"after_completion\": {\"redirect_url\": \"https://acme.test/thanks\"}}";

  private record Live(long company, String token, JsonNode link, String path) {}

  private static Live liveLink() {
    long company = newCompany();
    String token = key(company, true);
    JsonNode link = create(token, CONSULTING);
    assertThat(link.path("livemode").asBoolean()).isTrue();
    return new Live(company, token, link, pagePath(link));
  }

  @Test
  void shouldShowThePayButtonAndNoCardFieldOnALivePage() {
    Live live = liveLink();
    ExtractableResponse<Response> page = page(live.path());
    String html = page.body().asString();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(html)
        .contains("$1,200.00", "One hour of consulting", "name=\"csrf_token\"", "id=\"pay\"")
        .contains("method=\"post\" action=\"" + live.path() + "\"", "Stripe")
        .doesNotContain("card_number", "cvc", "Test mode", "<script", "not available");
    assertThat(page.header("Content-Security-Policy"))
        .contains("default-src 'none'", "frame-ancestors 'none'")
        .contains("form-action 'self' " + STRIPE.checkoutOrigin() + ";");
    as(live.token()).get("/api/v1/orders").then().body("total", equalTo(0));
  }

  @Test
  void shouldCreateOneSessionPerFormAndSendTheCustomerToIt() {
    Live live = liveLink();
    String csrf = csrf(page(live.path()).body().asString());
    ExtractableResponse<Response> first = pay(live.path(), csrf);
    String session = sessionOf(first);
    assertThat(first.body().asString())
        .contains("Continue to secure payment", "href=\"" + first.header("Location") + "\"");
    assertThat(first.header("Content-Security-Policy"))
        .contains("form-action 'self' " + STRIPE.checkoutOrigin() + ";");

    JsonNode order = onlyOrder(live.token());
    long orderId = order.path("id").asLong();
    assertThat(order.path("status").asText()).isEqualTo("pending");
    assertThat(order.path("payments").size()).isEqualTo(1);
    JsonNode payment = order.path("payments").get(0);
    assertThat(payment.path("status").asText()).isEqualTo("processing");
    assertThat(payment.path("processor").asText()).isEqualTo("stripe");
    long paymentId = payment.path("id").asLong();

    List<StripeStandIn.Request> creates =
        STRIPE.sessionCreates().stream()
            .filter(r -> Long.toString(orderId).equals(r.param("metadata[solid_order_id]")))
            .toList();
    assertThat(creates).hasSize(1);
    StripeStandIn.Request create = creates.get(0);
    assertThat(create.authorization()).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);
    assertThat(create.idempotencyKey())
        .startsWith("solid_checkout_" + live.company() + "_order_" + orderId + "_")
        .endsWith(csrf.substring(0, csrf.indexOf('.')));
    assertThat(create.param("mode")).isEqualTo("payment");
    assertThat(create.param("line_items[0][price_data][currency]")).isEqualTo("usd");
    assertThat(create.param("line_items[0][price_data][unit_amount]")).isEqualTo("120000");
    assertThat(create.param("line_items[0][price_data][product_data][name]"))
        .isEqualTo("One hour of consulting");
    assertThat(create.param("line_items[0][quantity]")).isEqualTo("1");
    String url = live.link().path("url").asText();
    assertThat(create.param("success_url")).isEqualTo(url + "?session_id={CHECKOUT_SESSION_ID}");
    assertThat(create.param("cancel_url")).isEqualTo(url);
    assertThat(create.param("client_reference_id")).isEqualTo("order_" + orderId);
    assertThat(create.param("expires_at")).isNotNull();
    for (String prefix : List.of("metadata", "payment_intent_data[metadata]")) {
      assertThat(create.param(prefix + "[solid_company_id]")).isEqualTo("" + live.company());
      assertThat(create.param(prefix + "[solid_order_id]")).isEqualTo("" + orderId);
      assertThat(create.param(prefix + "[solid_payment_id]")).isEqualTo("" + paymentId);
    }

    // The same form again (a double click, a reload of the POST): the same session, nothing new.
    ExtractableResponse<Response> again = pay(live.path(), csrf);
    assertThat(sessionOf(again)).isEqualTo(session);
    assertThat(STRIPE.sessionsWith("solid_order_id", orderId)).containsExactly(session);
    JsonNode still = onlyOrder(live.token());
    assertThat(still.path("payments").size()).isEqualTo(1);
    assertThat(events(live.company())).containsExactly("payment_link.created", "order.created");
  }

  @Test
  void shouldRefuseAForgedFormAndStartNoSession() {
    Live live = liveLink();
    int before = STRIPE.sessionCreates().size();
    ExtractableResponse<Response> forged = pay(live.path(), "forged");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(STRIPE.sessionCreates()).hasSize(before);
    as(live.token()).get("/api/v1/orders").then().body("total", equalTo(0));
  }

  @Test
  void shouldShowTheReceiptWhenTheCustomerComesBackPaid() {
    Live live = liveLink();
    String session = sessionOf(pay(live.path(), csrf(page(live.path()).body().asString())));
    String intent = STRIPE.completeSession(session);
    ExtractableResponse<Response> back = comeBack(session);
    String receipt = back.body().asString();
    assertThat(back.statusCode()).as(receipt).isEqualTo(200);
    long orderId = orderIdOf(receipt);
    assertThat(receipt)
        .contains("Payment received", "$1,200.00", "https://acme.test/thanks?order_id=" + orderId);
    assertPaidOnce(live, orderId, intent);
    // Coming back again (a reload of the receipt) changes nothing.
    assertThat(comeBack(session).body().asString()).contains("Payment received");
    assertPaidOnce(live, orderId, intent);
  }

  @Test
  void shouldPayTheOrderFromTheWebhookWhenTheCustomerNeverComesBack() {
    Live live = liveLink();
    String session = sessionOf(pay(live.path(), csrf(page(live.path()).body().asString())));
    long orderId = onlyOrder(live.token()).path("id").asLong();
    String intent = STRIPE.completeSession(session);
    String event = STRIPE.sessionEvent("checkout.session.completed", session);
    ExtractableResponse<Response> delivered = deliver(event);
    assertThat(delivered.statusCode()).as(delivered.body().asString()).isEqualTo(200);
    assertPaidOnce(live, orderId, intent);
    assertThat(deliver(event).statusCode()).isEqualTo(200); // redelivered: nothing changes
    assertPaidOnce(live, orderId, intent);
  }

  @Test
  void shouldPayOnceWhenTheWebhookAndTheReturnArriveTogether() throws Exception {
    Live live = liveLink();
    String session = sessionOf(pay(live.path(), csrf(page(live.path()).body().asString())));
    long orderId = onlyOrder(live.token()).path("id").asLong();
    String intent = STRIPE.completeSession(session);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers =
          List.of(
              pool.submit(() -> deliver("checkout.session.completed", session).statusCode()),
              pool.submit(() -> comeBack(session).statusCode()),
              pool.submit(() -> deliver("checkout.session.completed", session).statusCode()),
              pool.submit(() -> comeBack(session).statusCode()));
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertPaidOnce(live, orderId, intent);
  }

  @Test
  void shouldIgnoreASessionOfAnotherOrderOnTheWayBack() {
    Live live = liveLink();
    Live other = liveLink();
    // The other company's customer paid; nobody told us yet.
    String theirs = sessionOf(pay(other.path(), csrf(page(other.path()).body().asString())));
    STRIPE.completeSession(theirs);
    // Another link of the same company, paid too.
    JsonNode sibling = create(live.token(), CONSULTING);
    String siblings =
        sessionOf(pay(pagePath(sibling), csrf(page(pagePath(sibling)).body().asString())));
    STRIPE.completeSession(siblings);
    for (String sessionId : List.of(theirs, siblings, "cs_test_nobody", "not-a-session", "")) {
      ExtractableResponse<Response> page = page(live.path() + "?session_id=" + sessionId);
      assertThat(page.statusCode()).as(sessionId).isEqualTo(200);
      assertThat(page.body().asString())
          .doesNotContain("Payment received")
          .contains("id=\"pay\"", "$1,200.00");
    }
    as(live.token()).get("/api/v1/orders").then().body("total", equalTo(1)); // the sibling's
    as(other.token()).get("/api/v1/orders").then().body("items[0].status", equalTo("pending"));
  }

  @Test
  void shouldNotLetAnAbandonedSessionBlockANewAttempt() {
    Live live = liveLink();
    // The customer opens Stripe's page, then goes back (cancel_url: the link's page).
    String abandoned = sessionOf(pay(live.path(), csrf(page(live.path()).body().asString())));
    long abandonedOrder = onlyOrder(live.token()).path("id").asLong();
    String fresh = sessionOf(pay(live.path(), csrf(page(live.path()).body().asString())));
    assertThat(fresh).isNotEqualTo(abandoned);
    String intent = STRIPE.completeSession(fresh);
    long paidOrder = orderIdOf(comeBack(fresh).body().asString());
    assertThat(paidOrder).isNotEqualTo(abandonedOrder);
    as(live.token()).get("/api/v1/orders/" + paidOrder).then().body("status", equalTo("paid"));

    // Stripe expires the abandoned session: its payment ends, no decline is recorded.
    STRIPE.expireSession(abandoned);
    assertThat(deliver("checkout.session.expired", abandoned).statusCode()).isEqualTo(200);
    as(live.token())
        .get("/api/v1/orders/" + abandonedOrder)
        .then()
        .body("status", equalTo("pending"))
        .body("payments[0].status", equalTo("failed"))
        .body("payments[0].failure_code", equalTo("checkout_abandoned"))
        .body("last_payment_error", org.hamcrest.Matchers.nullValue());
    assertThat(events(live.company()).stream().filter("payment.failed"::equals)).isEmpty();
    assertThat(events(live.company()).stream().filter("payment.succeeded"::equals)).hasSize(1);
    assertThat(intent).startsWith("pi_");
    // Back from the expired session: the page as usual.
    assertThat(comeBack(abandoned).body().asString())
        .doesNotContain("Payment received")
        .contains("id=\"pay\"");
  }

  private static void assertPaidOnce(Live live, long orderId, String intent) {
    as(live.token())
        .get("/api/v1/orders/" + orderId)
        .then()
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("amount_paid", equalTo(120000))
        .body("payments.size()", equalTo(1))
        .body("payments[0].status", equalTo("succeeded"))
        .body("payments[0].processor", equalTo("stripe"))
        .body("payments[0].processor_id", equalTo(intent));
    List<String> events = events(live.company());
    assertThat(events.stream().filter("payment.succeeded"::equals)).hasSize(1);
    assertThat(events.stream().filter("order.paid"::equals)).hasSize(1);
    assertThat(events.stream().filter("payment_link.completed"::equals)).hasSize(1);
  }

  private static JsonNode onlyOrder(String token) {
    JsonNode list = read(as(token).get("/api/v1/orders").then().extract().body().asString());
    assertThat(list.path("total").asInt()).isEqualTo(1);
    long id = list.path("items").get(0).path("id").asLong();
    return read(as(token).get("/api/v1/orders/" + id).then().extract().body().asString());
  }

  private static JsonNode read(String json) {
    try {
      return dev.solid.payments.support.PaymentsApi.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
