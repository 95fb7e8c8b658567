package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.solid.testing.browser.Chromium;
import dev.solid.testing.browser.DevTools;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A customer pays a payment link in a real browser (Debian's headless Chromium), through the
 * gateway's public URL, with no key: the test card is declined, then another pays; the receipt
 * shows, and the company's endpoint receives the signed {@code order.paid} webhook.
 */
@ExtendWith(SolidStack.class)
class CheckoutBrowserIT {

  @Test
  void aCustomerPaysALinkInABrowserAndTheCompanyGetsOrderPaid(Api api) throws Exception {
    BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
    BlockingQueue<String> signatures = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          bodies.add(exchange.getRequestBody().readAllBytes());
          signatures.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("X-Solid-Signature")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    Chromium chromium = null;
    try {
      Api.Company company = api.newCompany();
      String secret = "e2e-checkout-secret-0123456789";
      Api.Response endpoint =
          api.post("/api/v1/webhooks")
              .bearer(company.testKey())
              .json(
                  Map.of(
                      "url",
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                      "events",
                      List.of("order.paid"),
                      "secret",
                      secret))
              .send();
      assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);
      Api.Response link =
          api.post("/api/v1/payment-links")
              .bearer(company.testKey())
              .json(
                  Map.of(
                      "amount", 12900, "description", "Annual plan", "business_name", "Acme Tools"))
              .send();
      assertThat(link.status()).as("%s", link).isEqualTo(201);
      String url = link.json().path("url").asText();
      assertThat(url).startsWith("http://localhost:");

      chromium = Chromium.launch();
      try (DevTools page = DevTools.open(chromium.devtools())) {
        page.navigate(url);
        awaitElement(page, "amount");
        assertThat(text(page)).contains("Acme Tools", "$129.00", "Annual plan", "TEST MODE");
        fillCard(page, "4000 0000 0000 0002");
        page.click("pay");
        awaitElement(page, "payment-error");
        assertThat(page.evaluate("document.getElementById('payment-error').innerText").asText())
            .isEqualTo("Your card was declined.");
        fillCard(page, "4242 4242 4242 4242");
        page.click("pay");
        awaitElement(page, "receipt");
        assertThat(text(page)).contains("Payment received", "$129.00", "Visa •••• 4242");
      }

      byte[] body = bodies.poll(30, TimeUnit.SECONDS);
      assertThat(body).as("the order.paid webhook within 30 s").isNotNull();
      assertThat(signatures.poll(1, TimeUnit.SECONDS)).isEqualTo(sign(secret, body));
      JsonNode event = Api.JSON.readTree(body);
      assertThat(event.path("event").asText()).isEqualTo("order.paid");
      assertThat(event.path("data").path("amount_paid").asLong()).isEqualTo(12900);
      assertThat(event.path("data").path("payment_link_id").asLong())
          .isEqualTo(link.json().path("id").asLong());
    } finally {
      receiver.stop(0);
      if (chromium != null) {
        chromium.close();
        assertThat(chromium.processes()).as("chromium processes left behind").isEmpty();
      }
    }
  }

  private static void fillCard(DevTools page, String number) throws Exception {
    YearMonth expiry = YearMonth.now().plusYears(2);
    page.type("card_number", number);
    page.type("expiry", String.format("%02d/%02d", expiry.getMonthValue(), expiry.getYear() % 100));
    page.type("cvc", "123");
    page.type("name", "Ada Lovelace");
  }

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

  private static String sign(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
