package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/** The whole path: endpoint registered through the gateway → contact created → signed POST. */
@ExtendWith(SolidStack.class)
class WebhooksIT {

  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  @Test
  void shouldDeliverSignedContactCreatedToTheRegisteredEndpoint(Api api) throws Exception {
    BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try {
      Api.Company company = api.newCompany();
      String secret = "e2e-signing-secret-0123456789";
      Api.Response endpoint =
          api.post("/v1/webhooks")
              .bearer(company.testKey())
              .json(
                  Map.of(
                      "url",
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                      "events",
                      List.of("contact.created"),
                      "secret",
                      secret))
              .send();
      assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);

      Api.Response contact =
          api.post("/api/v1/crm/contacts")
              .bearer(company.testKey())
              .json(Api.contact("Hook Person"))
              .send();
      assertThat(contact.status()).as("%s", contact).isEqualTo(201);

      Received delivery = received.poll(30, TimeUnit.SECONDS);
      assertThat(delivery).as("a webhook within 30 s").isNotNull();
      String hex = HexFormat.of().formatHex(hmacSha256(secret, delivery.body()));
      assertThat(delivery.header("X-Solid-Signature")).isEqualTo(hex);
      assertThat(delivery.header("X-Signature")).isEqualTo("sha256=" + hex);
      assertThat(delivery.header("Content-Type")).startsWith("application/json");
      JsonNode payload = Api.JSON.readTree(delivery.body());
      List<String> fields = new ArrayList<>();
      payload.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactlyInAnyOrder("event", "id", "created_at", "data");
      assertThat(payload.path("event").asText()).isEqualTo("contact.created");
      assertThat(payload.path("id").asText()).startsWith("evt_");
      assertThat(payload.path("data").path("id").asText())
          .isEqualTo(contact.json().path("id").asText());
      assertThat(delivery.header("webhook-id")).isEqualTo(payload.path("id").asText());
      assertThat(received.poll(2, TimeUnit.SECONDS)).as("exactly one delivery").isNull();
    } finally {
      receiver.stop(0);
    }
  }

  private static byte[] hmacSha256(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal(body);
  }
}
