package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * "Platform up" means events flow, also right after a restart: the consumers of the previous run
 * left their groups before the broker stopped, and every service reports ready only once its
 * consumers have their partitions. Before, a contact created right after a restart reached its
 * webhook about 30 s later: the dispatcher's new consumer waited for the member of the previous
 * run, which the broker (stopped by the same Ctrl-C) never heard leave, until its session expired.
 */
class EventsAfterRestartIT {
  private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(10);

  @Test
  void shouldDeliverTheWebhookOfAContactCreatedRightAfterARestart() throws Exception {
    Queue<String> deliveries = new ConcurrentLinkedQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          // The contact's id, from {"event","id","created_at","data":{"id",…}}.
          deliveries.add(
              Api.JSON
                  .readTree(exchange.getRequestBody().readAllBytes())
                  .path("data")
                  .path("id")
                  .asText());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    LauncherProcess first = LauncherProcess.start("restart-events");
    LauncherProcess second = null;
    try {
      first.awaitRunning();
      String firstKey = first.localEnv().getProperty("SOLID_API_KEY");
      Api.Response endpoint =
          first
              .api()
              .post("/v1/webhooks")
              .bearer(firstKey)
              .json(
                  Map.of(
                      "url",
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                      "events",
                      List.of("contact.created")))
              .send();
      assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);
      String before = createContact(first, firstKey, "Before Restart");
      await("the webhook of the first run")
          .atMost(Duration.ofSeconds(60))
          .until(() -> deliveries.contains(before));

      first.pressCtrlC();
      assertThat(first.awaitExit()).as("%s", first.output()).isEqualTo(130);

      second = first.startAgain("launcher-again.out");
      second.awaitRunning();
      String secondKey = second.localEnv().getProperty("SOLID_API_KEY");
      long created = System.nanoTime();
      String after = createContact(second, secondKey, "After Restart");

      await("the webhook of a contact created right after the restart")
          .atMost(DELIVERY_LIMIT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> deliveries.contains(after));
      System.out.printf(
          "contact.created delivered %d ms after the contact was created%n",
          (System.nanoTime() - created) / 1_000_000);
      second.signal("TERM");
      assertThat(second.awaitExit()).as("%s", second.output()).isEqualTo(143);
    } finally {
      receiver.stop(0);
      first.kill();
      if (second != null) {
        second.kill();
      }
    }
  }

  private static String createContact(LauncherProcess launcher, String key, String name)
      throws Exception {
    Api.Response contact =
        launcher.api().post("/api/v1/crm/contacts").bearer(key).json(Api.contact(name)).send();
    assertThat(contact.status()).as("%s", contact).isEqualTo(201);
    return contact.json().path("id").asText();
  }
}
