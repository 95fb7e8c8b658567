package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payments through the gateway, as an integrator and their customers meet them: seed 000's order
 * example with an Idempotency-Key, a charge and its signed {@code order.paid} webhook, a plan
 * upgrade's {@code subscription.upgraded} (seed 001), the hosted checkout page with no key, and
 * Stripe's signed callback under {@code /api/v1/gateway/}.
 */
@ExtendWith(SolidStack.class)
class PaymentsIT {
  /** The Stripe webhook secret the failsafe configuration gives payments-service. */
  static final String STRIPE_SECRET = "whsec_e2e_local_only";

  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

  private static long contact(Api api, Api.Company company) {
    Api.Response contact =
        api.post("/api/v1/crm/contacts")
            .bearer(company.testKey())
            .json(Api.contact("Paying Customer"))
            .send();
    assertThat(contact.status()).as("%s", contact).isEqualTo(201);
    return contact.json().path("id").asLong();
  }

  @Test
  void seedOrderExampleIsIdempotentAndTheSeedsValidationErrorIsExact(Api api) {
    Api.Company company = api.newCompany();
    long contact = contact(api, company);
    String key = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("contact_id", contact, "amount", 120000);
    Api.Response first =
        api.post("/api/v1/orders/")
            .bearer(company.testKey())
            .header("Idempotency-Key", key)
            .json(body)
            .send();
    assertThat(first.status()).as("%s", first).isEqualTo(201);
    assertThat(first.json().path("status").asText()).isEqualTo("pending");
    Api.Response replay =
        api.post("/api/v1/orders/")
            .bearer(company.testKey())
            .header("Idempotency-Key", key)
            .json(body)
            .send();
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    Api.Response list = api.get("/api/v1/orders").bearer(company.testKey()).send();
    assertThat(list.json().path("total").asInt()).isEqualTo(1);

    // A retried pay with its Idempotency-Key replays the answer: one charge.
    long order = first.json().path("id").asLong();
    String payKey = UUID.randomUUID().toString();
    Api.Response pay =
        api.post("/api/v1/orders/" + order + "/pay")
            .bearer(company.testKey())
            .header("Idempotency-Key", payKey)
            .json(Map.of("payment_method", "pm_card_visa"))
            .send();
    assertThat(pay.status()).as("%s", pay).isEqualTo(200);
    Api.Response payAgain =
        api.post("/api/v1/orders/" + order + "/pay")
            .bearer(company.testKey())
            .header("Idempotency-Key", payKey)
            .json(Map.of("payment_method", "pm_card_visa"))
            .send();
    assertThat(payAgain.body()).isEqualTo(pay.body());
    assertThat(
            api.get("/api/v1/orders/" + order)
                .bearer(company.testKey())
                .send()
                .json()
                .path("payments")
                .size())
        .isEqualTo(1);

    Api.Response negative =
        api.post("/api/v1/orders/")
            .bearer(company.testKey())
            .json(Map.of("contact_id", contact, "amount", -500))
            .send();
    assertThat(negative.status()).isEqualTo(422);
    assertThat(negative.json().path("message").asText())
        .isEqualTo("Field 'amount' must be a positive integer (cents)");
    assertThat(negative.json().path("details").toString())
        .isEqualTo("[{\"field\":\"amount\",\"error\":\"must_be_positive\",\"received\":-500}]");

    Api.Response noScope =
        api.get("/api/v1/orders")
            .bearer(
                api.createKey(
                        company.ownerToken(),
                        "contacts-only",
                        List.of("read:contacts"),
                        "test",
                        null)
                    .path("key")
                    .asText())
            .send();
    assertThat(noScope.status()).isEqualTo(403);
    assertThat(noScope.body()).contains("read:payments");
  }

  @Test
  void paidOrdersAndUpgradesArriveAsSignedWebhooks(Api api) throws Exception {
    BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    BlockingQueue<String> signatures = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          received.add(exchange.getRequestBody().readAllBytes());
          signatures.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("X-Solid-Signature")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try {
      Api.Company company = api.newCompany();
      String secret = "e2e-payments-secret-0123456789";
      Api.Response endpoint =
          api.post("/api/v1/webhooks")
              .bearer(company.testKey())
              .json(
                  Map.of(
                      "url",
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                      "events",
                      List.of("order.paid", "subscription.upgraded"),
                      "secret",
                      secret))
              .send();
      assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);
      long contact = contact(api, company);
      long order =
          api.post("/api/v1/orders")
              .bearer(company.testKey())
              .json(Map.of("contact_id", contact, "amount", 4200))
              .send()
              .json()
              .path("id")
              .asLong();
      Api.Response paid =
          api.post("/api/v1/orders/" + order + "/pay")
              .bearer(company.testKey())
              .json(Map.of("payment_method", "4242424242424242"))
              .send();
      assertThat(paid.status()).as("%s", paid).isEqualTo(200);
      Api.Response declined =
          api.post(
                  "/api/v1/orders/"
                      + api.post("/api/v1/orders")
                          .bearer(company.testKey())
                          .json(Map.of("contact_id", contact, "amount", 100))
                          .send()
                          .json()
                          .path("id")
                          .asLong()
                      + "/pay")
              .bearer(company.testKey())
              .json(Map.of("payment_method", "4000000000009995"))
              .send();
      assertThat(declined.status()).isEqualTo(402);
      assertThat(declined.json().path("code").asText()).isEqualTo("payment_failed");
      assertThat(declined.json().path("decline_code").asText()).isEqualTo("insufficient_funds");

      JsonNode orderPaid = next(received, signatures, secret);
      assertThat(orderPaid.path("event").asText()).isEqualTo("order.paid");
      assertThat(orderPaid.path("data").path("id").asLong()).isEqualTo(order);

      long basic = plan(api, company, "Basic", 1000);
      long pro = plan(api, company, "Pro", 5000);
      long subscription =
          api.post("/api/v1/subscriptions")
              .bearer(company.testKey())
              .json(
                  Map.of("contact_id", contact, "plan_id", basic, "payment_method", "pm_card_visa"))
              .send()
              .json()
              .path("id")
              .asLong();
      Api.Response upgraded =
          api.patch("/api/v1/subscriptions/" + subscription)
              .bearer(company.testKey())
              .json(Map.of("plan_id", pro, "proration_behavior", "always_invoice"))
              .send();
      assertThat(upgraded.status()).as("%s", upgraded).isEqualTo(200);
      JsonNode event = next(received, signatures, secret);
      assertThat(event.path("event").asText()).isEqualTo("subscription.upgraded");
      assertThat(event.path("data").path("previous_plan").path("id").asLong()).isEqualTo(basic);
      assertThat(event.path("data").path("plan").path("id").asLong()).isEqualTo(pro);
      // Upgraded a moment into the period: nearly all of 5000 − 1000.
      assertThat(event.path("data").path("proration_amount").asLong()).isBetween(3990L, 4000L);
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void theHostedCheckoutWorksThroughTheGatewayWithoutAKey(Api api) throws Exception {
    Api.Company company = api.newCompany();
    Api.Response link =
        api.post("/api/v1/payment-links")
            .bearer(company.testKey())
            .json(Map.of("amount", 2500, "description", "Workshop seat", "business_name", "Acme"))
            .send();
    assertThat(link.status()).as("%s", link).isEqualTo(201);
    URI url = URI.create(link.json().path("url").asText());
    assertThat(url.getPath()).startsWith("/pay/links/");
    Api.Response page = api.get(url.getPath()).send();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    assertThat(page.body()).contains("$25.00").contains("Workshop seat").contains("Acme");
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).isTrue();
    YearMonth expiry = YearMonth.now().plusYears(2);
    String form =
        "csrf_token="
            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
            + "&card_number=4242+4242+4242+4242&expiry="
            + String.format("%02d%%2F%02d", expiry.getMonthValue(), expiry.getYear() % 100)
            + "&cvc=123&name=Ada";
    Api.Response receipt =
        api.post(url.getPath()).raw("application/x-www-form-urlencoded", form).send();
    assertThat(receipt.status()).as("%s", receipt).isEqualTo(200);
    assertThat(receipt.body()).contains("Payment received");
    Api.Response orders = api.get("/api/v1/orders?status=paid").bearer(company.testKey()).send();
    assertThat(orders.json().path("total").asInt()).isEqualTo(1);
    // The service's own HTML error pages pass the gateway unchanged.
    Api.Response unknown = api.get("/pay/links/" + "x".repeat(32)).send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type").orElse("")).startsWith("text/html");
    assertThat(unknown.body()).contains("Payment link not found");
  }

  @Test
  void stripeCallbacksAreVerifiedAtTheGatewaysPublicPath(Api api) throws Exception {
    String event =
        "{\"id\":\"evt_e2e_"
            + UUID.randomUUID().toString().replace("-", "")
            + "\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_e2e_unknown\","
            + "\"object\":\"payment_intent\",\"amount\":100,\"currency\":\"usd\",\"metadata\":{}}}}";
    long t = Instant.now().getEpochSecond();
    Api.Response good =
        api.post("/api/v1/gateway/stripe/webhook")
            .header("Stripe-Signature", "t=" + t + ",v1=" + sign(STRIPE_SECRET, t + "." + event))
            .raw("application/json", event)
            .send();
    assertThat(good.status()).as("%s", good).isEqualTo(200);
    Api.Response tampered =
        api.post("/api/v1/gateway/stripe/webhook")
            .header("Stripe-Signature", "t=" + t + ",v1=" + sign(STRIPE_SECRET, t + "." + event))
            .raw("application/json", event.replace("100", "999"))
            .send();
    assertThat(tampered.status()).isEqualTo(400);
    assertThat(tampered.header("Content-Type").orElse("")).startsWith("application/problem+json");
    long stale = t - 3600;
    Api.Response old =
        api.post("/api/v1/gateway/stripe/webhook")
            .header(
                "Stripe-Signature",
                "t=" + stale + ",v1=" + sign(STRIPE_SECRET, stale + "." + event))
            .raw("application/json", event)
            .send();
    assertThat(old.status()).isEqualTo(400);
  }

  private static long plan(Api api, Api.Company company, String name, long amount) {
    Api.Response plan =
        api.post("/api/v1/plans")
            .bearer(company.testKey())
            .json(Map.of("name", name, "amount", amount, "interval", "month"))
            .send();
    assertThat(plan.status()).as("%s", plan).isEqualTo(201);
    return plan.json().path("id").asLong();
  }

  private static JsonNode next(
      BlockingQueue<byte[]> bodies, BlockingQueue<String> signatures, String secret)
      throws Exception {
    byte[] body = bodies.poll(30, TimeUnit.SECONDS);
    assertThat(body).as("a webhook within 30 s").isNotNull();
    assertThat(signatures.poll(1, TimeUnit.SECONDS))
        .isEqualTo(sign(secret, new String(body, StandardCharsets.UTF_8)));
    return Api.JSON.readTree(body);
  }

  private static String sign(String secret, String payload) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
  }
}
