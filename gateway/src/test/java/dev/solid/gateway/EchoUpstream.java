package dev.solid.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in upstream service for the gateway's tests: answers every request with what it received
 * (method, path, query, headers of interest, body) and counts calls per path. Paths ending in
 * {@code /slow} answer after a second, {@code /held} only once the test calls {@link #release} (at
 * most 30 s), {@code /fail} answers 500, {@code /invalid} a 422 problem+json, {@code /limited} a
 * 429 problem+json with Retry-After, {@code /inuse} a 409 {@code idempotency_key_in_use}, {@code
 * /html404} and {@code /html500} an HTML error page like a framework's, {@code /allow405} a 405
 * problem+json and {@code /html405} a 405 HTML page (both with {@code Allow: GET, POST}), {@code
 * /text406} a bare 406. {@code /trickle} answers its body a byte every 100 ms, {@code /latetrickle}
 * the same after a second.
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {
  static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  private HttpServer server;
  private ServerSocket brokenOff;

  private static final Map<String, CountDownLatch> HELD = new ConcurrentHashMap<>();

  static int calls(String path) {
    return CALLS.getOrDefault(path, new AtomicInteger()).get();
  }

  /** Lets the requests held at {@code path} answer. */
  static void release(String path) {
    HELD.computeIfAbsent(path, p -> new CountDownLatch(1)).countDown();
  }

  /** Paths whose trickled answer broke off because the gateway closed the connection. */
  static final Set<String> ABANDONED = ConcurrentHashMap.newKeySet();

  /** Headers at once, then the body a byte every 100 ms for 20 s, unless the reader goes away. */
  private static void trickle(com.sun.net.httpserver.HttpExchange exchange, String path)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      out.write('[');
      out.flush();
      for (int i = 0; i < 200; i++) {
        Thread.sleep(100);
        out.write(((i == 0 ? "" : ",") + i).getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      out.write(']');
      out.close();
    } catch (IOException e) {
      ABANDONED.add(path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private static void answerProblem(
      com.sun.net.httpserver.HttpExchange exchange, int status, String code, String retryAfter)
      throws IOException {
    byte[] problem =
        ("{\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"refused\"}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, problem.length);
    exchange.getResponseBody().write(problem);
    exchange.close();
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          int count = CALLS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          byte[] received = exchange.getRequestBody().readAllBytes();
          if (path.endsWith("/slow")) {
            try {
              Thread.sleep(1000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (path.endsWith("/held")) {
            try {
              HELD.computeIfAbsent(path, p -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (path.endsWith("/latetrickle")) {
            try {
              Thread.sleep(1000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (path.endsWith("trickle")) {
            trickle(exchange, path);
            return;
          }
          if (path.endsWith("/allow405") || path.endsWith("/html405")) {
            exchange.getResponseHeaders().add("Allow", "GET, POST");
            if (path.endsWith("/allow405")) {
              answerProblem(exchange, 405, "method_not_allowed", null);
              return;
            }
            byte[] page = "<html><body>Method Not Allowed</body></html>".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(405, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            return;
          }
          if (path.endsWith("/text406")) {
            byte[] text = "Not Acceptable".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(406, text.length);
            exchange.getResponseBody().write(text);
            exchange.close();
            return;
          }
          if (path.endsWith("/limited")) {
            answerProblem(exchange, 429, "account_daily_limit_reached", "3600");
            return;
          }
          if (path.endsWith("/inuse")) {
            answerProblem(exchange, 409, "idempotency_key_in_use", null);
            return;
          }
          if (path.endsWith("/html404") || path.endsWith("/html500")) {
            byte[] page =
                "<html><body><h1>Resource not found</h1><pre>at io.vertx.Internal</pre></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(path.endsWith("/html404") ? 404 : 500, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            return;
          }
          if (path.endsWith("/invalid")) {
            byte[] problem =
                ("{\"status\":422,\"code\":\"validation_error\",\"message\":\"bad\",\"count\":"
                        + count
                        + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.getResponseHeaders().add("Location", "/api/v1/crm/invalid/" + count);
            exchange.sendResponseHeaders(422, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
            return;
          }
          int status =
              path.endsWith("/fail") ? 500 : "POST".equals(exchange.getRequestMethod()) ? 201 : 200;
          String json =
              "{\"method\":\""
                  + exchange.getRequestMethod()
                  + "\",\"path\":\""
                  + path
                  + "\",\"query\":\""
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : exchange.getRequestURI().getRawQuery())
                  + "\",\"authorization\":\""
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + "\",\"request_id\":\""
                  + exchange.getRequestHeaders().getFirst("X-Request-Id")
                  + "\",\"count\":"
                  + count
                  + ",\"body\":"
                  + (received.length == 0
                      ? "null"
                      : String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                              .contains("json")
                          ? new String(received, StandardCharsets.UTF_8)
                          : "\"" + new String(received, StandardCharsets.UTF_8) + "\"")
                  + "}";
          byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("Location", "/api/v1/crm/echo/" + count);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    brokenOff = startBrokenOff();
    return Map.of(
        "solid.gateway.services.webhooks",
        "http://127.0.0.1:" + brokenOff.getLocalPort(),
        "solid.gateway.services.crm",
        "http://127.0.0.1:" + server.getAddress().getPort(),
        "solid.gateway.services.messaging",
        "http://127.0.0.1:" + server.getAddress().getPort(),
        // Nothing listens here: requests routed to it must fail cleanly with 503.
        "solid.gateway.services.payments",
        "http://127.0.0.1:1");
  }

  /** A service that drops its connection in the middle of every answer. */
  private static ServerSocket startBrokenOff() {
    ServerSocket socket;
    try {
      socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                  InputStream in = client.getInputStream();
                  for (int matched = 0; matched < 4; ) {
                    int b = in.read();
                    if (b < 0) {
                      break;
                    }
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : 0;
                  }
                  client
                      .getOutputStream()
                      .write(
                          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  + "Content-Length: 100\r\n\r\n[1,2,3,4,5")
                              .getBytes(StandardCharsets.US_ASCII));
                  client.getOutputStream().flush();
                } catch (IOException e) {
                  // closed on stop, or the gateway left first
                }
              }
            },
            "broken-off-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
    return socket;
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (brokenOff != null) {
      try {
        brokenOff.close();
      } catch (IOException e) {
        // stopping anyway
      }
    }
  }
}
