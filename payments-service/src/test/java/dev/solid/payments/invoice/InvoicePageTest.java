package dev.solid.payments.invoice;

import static dev.solid.payments.support.PaymentLinks.csrf;
import static dev.solid.payments.support.PaymentLinks.futureExpiry;
import static dev.solid.payments.support.PaymentLinks.page;
import static dev.solid.payments.support.PaymentLinks.submit;
import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The hosted invoice page: the invoice as a page, paid with the checkout's card form. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class InvoicePageTest {

  private record Opened(String token, long id, String path) {}

  private static Opened openInvoice(long company) {
    String token = key(company, false);
    long id =
        post(
                token,
                "/api/v1/invoices",
                "{\"contact_id\":"
                    + contact(company, false)
                    + ",\"due_date\":\"2027-01-15\","
                    + "\"line_items\":[{\"description\":\"Seats & <setup>\",\"quantity\":3,"
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
    return new Opened(token, id, URI.create(url).getPath());
  }

  @Test
  void theOpenInvoiceIsAPageWithItsLinesAndPaysWithATestCard() {
    long company = newCompany();
    Opened invoice = openInvoice(company);
    ExtractableResponse<Response> page = page(invoice.path());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'");
    String html = page.asString();
    assertThat(html)
        .contains("$145.00")
        .contains("INV-0001")
        .contains("Seats &amp; &lt;setup&gt;")
        .contains("$120.00")
        .contains("due 2027-01-15")
        .contains("4242 4242 4242 4242");
    ExtractableResponse<Response> receipt =
        submit(invoice.path(), csrf(html), "4242 4242 4242 4242", futureExpiry(), "123", "Ada");
    assertThat(receipt.statusCode()).as(receipt.asString()).isEqualTo(200);
    assertThat(receipt.asString()).contains("Payment received").contains("Invoice INV-0001");
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("status", equalTo("paid"))
        .body("amount_paid", equalTo(14500));
    // The paid invoice's page is its receipt; submitting again charges nothing.
    assertThat(page(invoice.path()).asString()).contains("Payment received");
    submit(invoice.path(), csrf(html), "4242 4242 4242 4242", futureExpiry(), "123", "Ada");
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("payments.size()", equalTo(1));
    assertThat(events(company)).contains("invoice.paid");
  }

  @Test
  void aDeclineShowsTheProcessorsMessageAndTheFormAgain() {
    Opened invoice = openInvoice(newCompany());
    String html = page(invoice.path()).asString();
    ExtractableResponse<Response> declined =
        submit(invoice.path(), csrf(html), "4000000000000002", futureExpiry(), "123", "Ada");
    assertThat(declined.statusCode()).isEqualTo(402);
    assertThat(declined.asString()).contains("Your card was declined.").contains("csrf_token");
    ExtractableResponse<Response> paid =
        submit(
            invoice.path(),
            csrf(declined.asString()),
            "4242424242424242",
            futureExpiry(),
            "123",
            "Ada");
    assertThat(paid.statusCode()).isEqualTo(200);
  }

  @Test
  void forgedFormsUnknownTokensAndVoidInvoicesTakeNoPayment() {
    Opened invoice = openInvoice(newCompany());
    ExtractableResponse<Response> forged =
        submit(invoice.path(), "forged", "4242424242424242", futureExpiry(), "123", "Ada");
    assertThat(forged.statusCode()).isEqualTo(403);
    // A form of another invoice's page does not pay this one.
    Opened other = openInvoice(newCompany());
    String otherCsrf = csrf(page(other.path()).asString());
    assertThat(
            submit(invoice.path(), otherCsrf, "4242424242424242", futureExpiry(), "123", "Ada")
                .statusCode())
        .isEqualTo(403);
    as(invoice.token())
        .get("/api/v1/invoices/" + invoice.id())
        .then()
        .body("status", equalTo("open"));
    assertThat(page("/pay/invoices/" + "A".repeat(43)).statusCode()).isEqualTo(404);
    assertThat(page("/pay/invoices/nope").statusCode()).isEqualTo(404);
    post(invoice.token(), "/api/v1/invoices/" + invoice.id() + "/void", "{}").statusCode(200);
    ExtractableResponse<Response> voided = page(invoice.path());
    assertThat(voided.statusCode()).isEqualTo(410);
    assertThat(voided.asString()).contains("voided");
  }
}
