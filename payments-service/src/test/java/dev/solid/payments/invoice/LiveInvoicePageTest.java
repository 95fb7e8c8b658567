package dev.solid.payments.invoice;

import static dev.solid.payments.support.LiveCheckout.comeBack;
import static dev.solid.payments.support.LiveCheckout.deliver;
import static dev.solid.payments.support.LiveCheckout.pay;
import static dev.solid.payments.support.LiveCheckout.sessionOf;
import static dev.solid.payments.support.PaymentLinks.csrf;
import static dev.solid.payments.support.PaymentLinks.page;
import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandIns;
import dev.solid.payments.support.StandInsResource;
import dev.solid.payments.support.StripeStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A live hosted invoice, paid on Stripe's Checkout page (the stand-in). */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class LiveInvoicePageTest {
  private static final StripeStandIn STRIPE = StandIns.instance().stripe();

  private record Opened(long company, String token, long id, String path) {}

  private static Opened openLiveInvoice() {
    long company = newCompany();
    String token = key(company, true);
    long id =
        post(
                token,
                "/api/v1/invoices",
                "{\"contact_id\":"
                    + contact(company, true)
                    + ",\"line_items\":[{\"description\":\"Seats\",\"quantity\":3,"
                    + "\"unit_amount\":4000},{\"description\":\"Support\",\"quantity\":1,"
                    + "\"unit_amount\":2500}]}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    String url =
        post(token, "/api/v1/invoices/" + id + "/finalize", "{}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("hosted_invoice_url");
    return new Opened(company, token, id, URI.create(url).getPath());
  }

  private static String startPaying(Opened invoice) {
    String html = page(invoice.path()).asString();
    assertThat(html).contains("$145.00", "id=\"pay\"").doesNotContain("card_number");
    return sessionOf(pay(invoice.path(), csrf(html)));
  }

  @Test
  void shouldPayTheLiveInvoiceOnStripesPageAndShowTheReceiptOnReturn() {
    Opened invoice = openLiveInvoice();
    ExtractableResponse<Response> page = page(invoice.path());
    assertThat(page.header("Content-Security-Policy"))
        .contains("form-action 'self' " + STRIPE.checkoutOrigin() + ";");
    String session = startPaying(invoice);
    StripeStandIn.Request create =
        STRIPE.sessionCreates().stream()
            .filter(r -> Long.toString(invoice.id()).equals(r.param("metadata[solid_invoice_id]")))
            .findFirst()
            .orElseThrow();
    assertThat(create.param("line_items[0][price_data][unit_amount]")).isEqualTo("14500");
    assertThat(create.param("line_items[0][price_data][product_data][name]"))
        .isEqualTo("Invoice INV-0001");
    assertThat(create.param("client_reference_id")).isEqualTo("invoice_" + invoice.id());
    assertThat(create.param("metadata[solid_company_id]")).isEqualTo("" + invoice.company());
    assertThat(create.idempotencyKey())
        .startsWith("solid_checkout_" + invoice.company() + "_invoice_" + invoice.id() + "_");
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("status", equalTo("open"))
        .body("payments[0].status", equalTo("processing"))
        .body("payments[0].processor", equalTo("stripe"));

    String intent = STRIPE.completeSession(session);
    ExtractableResponse<Response> back = comeBack(session);
    assertThat(back.statusCode()).as(back.asString()).isEqualTo(200);
    assertThat(back.asString()).contains("Payment received", "Invoice INV-0001");
    assertPaidOnce(invoice, intent);
    // The webhook arriving after the return changes nothing.
    assertThat(deliver("checkout.session.completed", session).statusCode()).isEqualTo(200);
    assertPaidOnce(invoice, intent);
  }

  @Test
  void shouldPayTheInvoiceFromTheWebhookAlone() {
    Opened invoice = openLiveInvoice();
    String session = startPaying(invoice);
    String intent = STRIPE.completeSession(session);
    assertThat(deliver("checkout.session.completed", session).statusCode()).isEqualTo(200);
    assertPaidOnce(invoice, intent);
    assertThat(page(invoice.path()).asString()).contains("Payment received");
  }

  @Test
  void shouldExpireAnAbandonedSessionWhenANewFormIsPosted() {
    Opened invoice = openLiveInvoice();
    String abandoned = startPaying(invoice);
    // The customer left Stripe's page and pays from a new render of the invoice.
    String fresh = startPaying(invoice);
    assertThat(fresh).isNotEqualTo(abandoned);
    assertThat(STRIPE.sessionStatus(abandoned)).isEqualTo("expired");
    assertThat(STRIPE.sessionsWith("solid_invoice_id", invoice.id()))
        .containsExactly(abandoned, fresh);
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("status", equalTo("open"))
        .body("payments.size()", equalTo(2))
        .body("payments[0].status", equalTo("failed"))
        .body("payments[0].failure_code", equalTo("checkout_abandoned"))
        .body("payments[1].status", equalTo("processing"));
    String intent = STRIPE.completeSession(fresh);
    assertThat(comeBack(fresh).asString()).contains("Payment received");
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("status", equalTo("paid"))
        .body("payments[1].processor_id", equalTo(intent));
    List<String> events = events(invoice.company());
    assertThat(events).doesNotContain("invoice.payment_failed", "payment.failed");
    assertThat(events.stream().filter("invoice.paid"::equals)).hasSize(1);
  }

  @Test
  void shouldRecordThePaymentWhenTheOldSessionWasPaidJustBeforeANewForm() {
    Opened invoice = openLiveInvoice();
    String first = startPaying(invoice);
    String intent = STRIPE.completeSession(first); // paid, but nobody told us yet
    String html = page(invoice.path()).asString();
    ExtractableResponse<Response> second = pay(invoice.path(), csrf(html));
    assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
    assertThat(second.asString()).contains("Payment received");
    assertThat(STRIPE.sessionsWith("solid_invoice_id", invoice.id())).containsExactly(first);
    assertPaidOnce(invoice, intent);
  }

  @Test
  void shouldIgnoreASessionOfAnotherInvoiceOnTheWayBack() {
    Opened invoice = openLiveInvoice();
    Opened other = openLiveInvoice();
    String theirs = startPaying(other);
    STRIPE.completeSession(theirs);
    ExtractableResponse<Response> page = page(invoice.path() + "?session_id=" + theirs);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.asString()).doesNotContain("Payment received").contains("id=\"pay\"");
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("status", equalTo("open"));
    as(other.token())
        .get("/api/v1/invoices/" + other.id())
        .then()
        .body("status", equalTo("open"))
        .body("payments[0].status", equalTo("processing"));
  }

  private static void assertPaidOnce(Opened invoice, String intent) {
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("status", equalTo("paid"))
        .body("amount_paid", equalTo(14500))
        .body("payments.size()", equalTo(1))
        .body("payments[0].status", equalTo("succeeded"))
        .body("payments[0].processor", equalTo("stripe"))
        .body("payments[0].processor_id", equalTo(intent));
    assertThat(events(invoice.company()).stream().filter("invoice.paid"::equals)).hasSize(1);
    assertThat(events(invoice.company()).stream().filter("payment.succeeded"::equals)).hasSize(1);
  }
}
