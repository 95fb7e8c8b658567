package dev.solid.payments.link;

import static dev.solid.payments.support.PaymentLinks.create;
import static dev.solid.payments.support.PaymentLinks.futureExpiry;
import static dev.solid.payments.support.PaymentLinks.pagePath;
import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandInsResource;
import dev.solid.testing.browser.Chromium;
import dev.solid.testing.browser.DevTools;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The checkout page in a real browser: Debian's headless Chromium, driven over the DevTools
 * protocol, opens the page served by this test's payments-service, types the card as keyboard input
 * and clicks Pay. The page has no script, so this is the plain HTML form at work.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class CheckoutBrowserTest {
  private static final String LINK =
      "{\"amount\": 4900, \"description\": \"Garden tools\", \"business_name\": \"Green & Co\"}";

  @Test
  void shouldPayWithTheVisaTestCardInARealBrowser() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    JsonNode link = create(token, LINK);
    Chromium chromium = Chromium.launch();
    long orderId;
    try (chromium;
        DevTools page = DevTools.open(chromium.devtools())) {
      page.navigate(pageUrl(link));
      awaitElement(page, "amount");
      assertThat(text(page)).contains("Green & Co", "$49.00", "Garden tools", "TEST MODE");
      fillCard(page, "4242 4242 4242 4242");
      page.click("pay");
      awaitElement(page, "receipt");
      assertThat(text(page))
          .contains("Payment received", "$49.00", "Garden tools", "Visa •••• 4242");
      orderId = orderIdOn(page);
    }
    assertThat(chromium.processes()).as("chromium processes left behind").isEmpty();
    as(token)
        .get("/api/v1/orders/" + orderId)
        .then()
        .statusCode(200)
        .body("status", equalTo("paid"))
        .body("amount_paid", equalTo(4900))
        .body("contact_id", nullValue())
        .body("payment_link_id", equalTo(link.path("id").asInt()));
    assertThat(events(company)).contains("order.paid", "payment_link.completed");
  }

  @Test
  void shouldShowTheDeclineThenPayOnTheSamePageInARealBrowser() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    JsonNode link = create(token, LINK);
    Chromium chromium = Chromium.launch();
    long orderId;
    try (chromium;
        DevTools page = DevTools.open(chromium.devtools())) {
      page.navigate(pageUrl(link));
      awaitElement(page, "amount");
      fillCard(page, "4000 0000 0000 0002");
      page.click("pay");
      awaitElement(page, "payment-error");
      assertThat(page.evaluate("document.getElementById('payment-error').innerText").asText())
          .isEqualTo("Your card was declined.");
      // The name typed is kept; the card number is not.
      assertThat(page.evaluate("document.querySelector('[name=name]').value").asText())
          .isEqualTo("Ada Lovelace");
      assertThat(page.evaluate("document.querySelector('[name=card_number]').value").asText())
          .isEmpty();
      fillCard(page, "4242 4242 4242 4242");
      page.click("pay");
      awaitElement(page, "receipt");
      orderId = orderIdOn(page);
    }
    assertThat(chromium.processes()).as("chromium processes left behind").isEmpty();
    as(token)
        .get("/api/v1/orders/" + orderId)
        .then()
        .body("status", equalTo("paid"))
        .body("payments.size()", equalTo(2))
        .body("payments[0].decline_code", equalTo("generic_decline"))
        .body("payments[1].card_last4", equalTo("4242"));
    as(token).get("/api/v1/orders").then().body("total", equalTo(1));
    assertThat(events(company)).contains("payment.failed", "order.paid", "payment_link.completed");
  }

  private static String pageUrl(JsonNode link) {
    return "http://localhost:" + RestAssured.port + pagePath(link);
  }

  private static void fillCard(DevTools page, String number) throws Exception {
    page.type("card_number", number);
    page.type("expiry", futureExpiry());
    page.type("cvc", "123");
    page.type("name", "Ada Lovelace");
  }

  /** Waits until the (new) page is loaded and has the element with this id. */
  private static void awaitElement(DevTools page, String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                page.evaluate(
                        "document.readyState === 'complete' && document.getElementById('"
                            + id
                            + "') !== null")
                    .asBoolean());
  }

  private static String text(DevTools page) throws Exception {
    return page.evaluate("document.body.innerText").asText();
  }

  private static long orderIdOn(DevTools page) throws Exception {
    String reference = page.evaluate("document.getElementById('reference').innerText").asText();
    assertThat(reference).matches("Order \\d+");
    return Long.parseLong(reference.substring("Order ".length()));
  }
}
