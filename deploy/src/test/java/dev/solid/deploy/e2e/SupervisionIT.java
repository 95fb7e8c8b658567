package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.solid.deploy.Service;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A service that dies while the platform runs is started again, as a supervisor would, and is back
 * in a bounded time. Before, the launcher only raised an alarm and ran on without it.
 */
class SupervisionIT {
  // A JVM's start on a loaded 2-core machine, plus the pause before the restart.
  private static final Duration BACK_LIMIT = Duration.ofSeconds(150);

  @Test
  void shouldRestartAServiceKilledWhileThePlatformRunsUntilItIsReadyAgain() throws Exception {
    Queue<String> deliveries = new ConcurrentLinkedQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
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
    LauncherProcess launcher = LauncherProcess.start("supervision");
    try {
      launcher.awaitRunning();
      ProcessHandle dispatcher = launcher.serviceProcess(Service.WEBHOOKS);

      dispatcher.destroyForcibly(); // kill -9: no shutdown, no goodbye to its consumer group

      launcher.awaitOutput(
          "the restart, logged with the exit code",
          output ->
              output.contains(
                  "webhook-dispatcher (pid "
                      + dispatcher.pid()
                      + ") exited with code 137 while the platform was running; restarting it"));
      Api service =
          new Api(URI.create("http://127.0.0.1:" + launcher.options.port(Service.WEBHOOKS)));
      await("webhook-dispatcher ready again")
          .atMost(BACK_LIMIT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> service.get("/q/health/ready").send().status() == 200);
      ProcessHandle restarted = launcher.serviceProcess(Service.WEBHOOKS);
      assertThat(restarted.pid()).isNotEqualTo(dispatcher.pid());
      launcher.awaitOutput(
          "the restart reported",
          output -> output.contains("restarted: pid " + restarted.pid() + ", ready on port"));

      // And it does its job: a contact's webhook goes out through the new process.
      String key = launcher.localEnv().getProperty("SOLID_API_KEY");
      Api api = launcher.api();
      Api.Response endpoint =
          api.post("/v1/webhooks")
              .bearer(key)
              .json(
                  Map.of(
                      "url",
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                      "events",
                      List.of("contact.created")))
              .send();
      assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);
      Api.Response contact =
          api.post("/api/v1/crm/contacts").bearer(key).json(Api.contact("Supervised")).send();
      assertThat(contact.status()).as("%s", contact).isEqualTo(201);
      String id = contact.json().path("id").asText();
      await("the webhook through the restarted dispatcher")
          .atMost(Duration.ofSeconds(30))
          .until(() -> deliveries.contains(id));

      launcher.signal("TERM");
      assertThat(launcher.awaitExit()).isEqualTo(143);
      launcher.assertNothingLeft();
    } finally {
      receiver.stop(0);
      launcher.kill();
    }
  }
}
