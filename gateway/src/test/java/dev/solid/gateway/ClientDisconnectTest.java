package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Clients that leave half way (before the answer, in the middle of it, in the middle of their own
 * body) and ordinary traffic around them: each request is answered at most once, the gateway stops
 * the service's answer nobody reads, and nothing of it is an ERROR in the log.
 */
@QuarkusTest
class ClientDisconnectTest {

  /** Writes {@code head} (and {@code body}), reads {@code readBytes} of the answer, hangs up. */
  private static void leaveAfter(String head, String body, int readBytes) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        socket.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
      }
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < readBytes; i++) {
        if (in.read() < 0) {
          break;
        }
      }
    }
  }

  private static void assertNothingWrittenTwiceNorLoggedAsError(CapturedLogs logs) {
    assertThat(logs.lines()).noneMatch(l -> l.contains("has already been written"));
    assertThat(logs.lines()).noneMatch(l -> l.contains("ClosedChannelException"));
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void shouldStopTheServicesAnswerWhenTheClientLeavesInTheMiddleOfIt() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    String path = "/api/v1/crm/" + UUID.randomUUID() + "/trickle";
    try (CapturedLogs logs = CapturedLogs.all()) {
      // The status line, the headers and the first bytes of the body: then the client is gone.
      leaveAfter(
          "GET "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + key
              + "\r\n\r\n",
          null,
          200);

      await().atMost(Duration.ofSeconds(10)).until(() -> EchoUpstream.ABANDONED.contains(path));
      assertNothingWrittenTwiceNorLoggedAsError(logs);
    }
  }

  @Test
  void shouldStopTheServicesAnswerWhenTheClientLeftBeforeItCame() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    String path = "/api/v1/crm/" + UUID.randomUUID() + "/latetrickle";
    try (CapturedLogs logs = CapturedLogs.all()) {
      leaveAfter(
          "GET "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + key
              + "\r\n\r\n",
          null,
          0);

      await().atMost(Duration.ofSeconds(10)).until(() -> EchoUpstream.ABANDONED.contains(path));
      assertNothingWrittenTwiceNorLoggedAsError(logs);
    }
  }

  @Test
  void shouldCloseTheClientsConnectionWhenAServiceBreaksOffItsAnswer() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "manage:webhooks");
    String path = "/api/v1/webhooks/endpoints";
    try (CapturedLogs logs = CapturedLogs.all();
        Socket socket = new Socket("127.0.0.1", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                      + key
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      // Status line, headers (Content-Length: 100), the 10 bytes there are, then end of stream:
      // the gateway closes rather than leave the client waiting for the rest.
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 200").contains("content-length: 100");
      assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).isEqualTo("[1,2,3,4,5");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> logs.lines().stream().anyMatch(l -> l.contains("broke off its answer")));
      assertThat(logs.errors()).isEmpty();
    }
  }

  @Test
  void shouldNeitherForwardNorStoreABodyCutOffByAClientThatLeft() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String idempotencyKey = UUID.randomUUID().toString();
    // The whole request is sent, and the connection closed while the gateway checks the key: the
    // paused body is lost, and must not go on as an empty one.
    leaveAfter(
        "POST /api/v1/crm/contacts/slow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + key
            + "\r\nIdempotency-Key: "
            + idempotencyKey
            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n",
        "{}",
        0);

    // The same request again: run (or replayed), never "used with a different request".
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              var again =
                  as(key)
                      .header("Idempotency-Key", idempotencyKey)
                      .contentType(ContentType.JSON)
                      .body("{}")
                      .post("/api/v1/crm/contacts/slow");
              assertThat(again.asString()).doesNotContain("different request");
              assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            });
  }

  @Test
  void shouldAnswerEachRequestOnceUnderMixedTrafficWithClientsLeaving() throws Exception {
    Api.Company company = Api.signup("enterprise");
    String key = Api.createKey(company, "test", 10_000, "read:contacts", "write:contacts");
    String auth = "Authorization: Bearer " + key + "\r\n";
    String shared = UUID.randomUUID().toString();
    List<String> trickles = new ArrayList<>();
    List<String> replayable = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try (CapturedLogs logs = CapturedLogs.all()) {
      List<CompletableFuture<?>> traffic = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String trickle = "/api/v1/crm/" + UUID.randomUUID() + "/trickle";
        trickles.add(trickle);
        String idempotencyKey = UUID.randomUUID().toString();
        replayable.add(idempotencyKey);
        traffic.add(
            run(
                clients,
                () ->
                    as(key)
                        .header("Idempotency-Key", shared)
                        .contentType(ContentType.JSON)
                        .body("{\"n\":1}")
                        .post("/api/v1/crm/contacts/slow")));
        traffic.add(
            run(
                clients,
                () ->
                    as(key).contentType(ContentType.JSON).body("{}").post("/api/v1/crm/contacts")));
        traffic.add(
            run(
                clients,
                () ->
                    as(key)
                        .contentType(ContentType.JSON)
                        .body("{\"name\":\"" + "x".repeat(1_100_000) + "\"}")
                        .post("/api/v1/crm/contacts")));
        traffic.add(
            run(
                clients,
                () ->
                    quietly(
                        () ->
                            leaveAfter(
                                "GET "
                                    + trickle
                                    + " HTTP/1.1\r\nHost: localhost\r\n"
                                    + auth
                                    + "\r\n",
                                null,
                                150))));
        // Gone before the service answers, on the buffered (idempotent) path.
        traffic.add(
            run(
                clients,
                () ->
                    quietly(
                        () ->
                            leaveAfter(
                                "POST /api/v1/crm/contacts/slow HTTP/1.1\r\nHost: localhost\r\n"
                                    + auth
                                    + "Idempotency-Key: "
                                    + idempotencyKey
                                    + "\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 2\r\n\r\n",
                                "{}",
                                0))));
        // Gone in the middle of its own body, with and without a key, and over the limit.
        traffic.add(
            run(
                clients,
                () ->
                    quietly(
                        () ->
                            leaveAfter(
                                "POST /api/v1/crm/contacts HTTP/1.1\r\nHost: localhost\r\n"
                                    + auth
                                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
                                "{\"name\":",
                                0))));
        traffic.add(
            run(
                clients,
                () ->
                    quietly(
                        () ->
                            leaveAfter(
                                "POST /api/v1/crm/contacts HTTP/1.1\r\nHost: localhost\r\n"
                                    + auth
                                    + "Content-Type: application/json\r\n"
                                    + "Content-Length: 2000000\r\n\r\n",
                                "x".repeat(1_200_000),
                                0))));
      }
      CompletableFuture.allOf(traffic.toArray(CompletableFuture[]::new)).get();

      // Every request the clients left has run to its end at the gateway: the streamed ones were
      // stopped at the service, the buffered ones stored and replayable.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(EchoUpstream.ABANDONED).containsAll(trickles);
                for (String idempotencyKey : replayable) {
                  assertThat(
                          as(key)
                              .header("Idempotency-Key", idempotencyKey)
                              .contentType(ContentType.JSON)
                              .body("{}")
                              .post("/api/v1/crm/contacts/slow")
                              .header("Idempotent-Replayed"))
                      .isEqualTo("true");
                }
              });
      assertNothingWrittenTwiceNorLoggedAsError(logs);
    } finally {
      clients.shutdownNow();
    }
  }

  private static CompletableFuture<Void> run(ExecutorService clients, Runnable client) {
    return CompletableFuture.runAsync(client, clients);
  }

  private interface Action {
    void run() throws IOException;
  }

  /** A client that hangs up may see its connection reset: that is the point, not a failure. */
  private static void quietly(Action action) {
    try {
      action.run();
    } catch (IOException e) {
      // the gateway closed first
    }
  }
}
