package dev.solid.messaging.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.solid.common.error.ApiException;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How crm's answers and failures reach the caller, against a local crm stand-in (no Quarkus): only
 * crm's "not found" is a miss; an outage is a 503 the client retries.
 */
class CrmContactsTest {
  private static final Duration TIMEOUT = Duration.ofMillis(800);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS = new CopyOnWriteArrayList<>();

  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", CrmContactsTest::crm);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    vertx.closeAndAwait();
  }

  /** /api/v1/crm/contacts/{id}: 1 exists, 2 is missing, 500 fails, 7 trickles its answer. */
  private static void crm(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().toString();
    PATHS.add(path);
    String id = path.substring(path.lastIndexOf('/') + 1);
    switch (id) {
      case "1" -> answer(exchange, 200, "{\"id\":1,\"first_name\":\"Ann\",\"tags\":[]}");
      case "500" -> answer(exchange, 500, "{\"code\":\"internal_error\"}");
      case "7" -> trickle(exchange);
      default -> answer(exchange, 404, "{\"code\":\"not_found\"}");
    }
  }

  /** Answers 200 with one byte every 200 ms for 4 s: never idle, yet far beyond the deadline. */
  private static void trickle(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < 20; i++) {
        out.write(' ');
        out.flush();
        Thread.sleep(200);
      }
      out.write("{\"id\":7}".getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException closedByTheClient) {
      // the lookup gave up, as it should
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static CrmContacts crm(String baseUrl) {
    return new CrmContacts(vertx, baseUrl, TIMEOUT, JSON);
  }

  private static String standIn() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void shouldFindAContactCrmHas() {
    Optional<ProjectedContact> found = crm(standIn()).byId(1, "token").await().atMost(WAIT);
    assertThat(found).map(ProjectedContact::firstName).contains("Ann");
  }

  @Test
  void shouldTreatOnlyCrmsNotFoundAsAMiss() {
    assertThat(crm(standIn()).byId(2, "token").await().atMost(WAIT)).isEmpty();
  }

  @Test
  void shouldAnswerServiceUnavailableWhenCrmIsDown() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertUnavailable(crm("http://127.0.0.1:" + closed), 1);
  }

  @Test
  void shouldAnswerServiceUnavailableWhenCrmAnswers500() {
    assertUnavailable(crm(standIn()), 500);
  }

  @Test
  void shouldAnswerServiceUnavailableWhenCrmTakesLongerThanTheDeadlineInTotal() {
    // The stand-in keeps sending a byte every 200 ms, so an idle timeout alone never fires.
    assertUnavailable(crm(standIn()), 7);
  }

  @Test
  void shouldNotAskCrmForANumericTelegramAddress() {
    assertThat(crm(standIn()).byAddress("telegram", "5123456789", "token").await().atMost(WAIT))
        .isEmpty();
    assertThat(PATHS).noneMatch(p -> p.contains("5123456789"));
  }

  private static void assertUnavailable(CrmContacts crm, long id) {
    assertThatThrownBy(() -> crm.byId(id, "token").await().atMost(WAIT))
        .isInstanceOf(CrmUnavailableException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(503);
  }
}
