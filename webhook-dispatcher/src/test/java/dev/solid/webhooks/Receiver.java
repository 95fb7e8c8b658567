package dev.solid.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** A real local HTTP receiver of webhooks: records every request and answers as told. */
public final class Receiver implements AutoCloseable {
  /**
   * One received request: its path, headers (lower-case names), the raw body, when it arrived and
   * when its answer was sent (0 while it is still being answered).
   */
  public record Received(
      String path,
      Map<String, String> headers,
      byte[] body,
      long receivedAtMillis,
      java.util.concurrent.atomic.AtomicLong answeredAt) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What to answer to the n-th request (1-based) on a path. */
  public interface PathAnswers {
    Answer answer(String path, int n);
  }

  /**
   * What to answer to the n-th request (1-based). A {@code held} answer is sent only once the test
   * calls {@link #releaseHeld()} (or closes the receiver): a slow receiver whose slowness does not
   * depend on how fast the machine is.
   */
  public record Answer(
      int status, String body, Map<String, String> headers, long delayMillis, boolean held) {
    public Answer(int status, String body, Map<String, String> headers, long delayMillis) {
      this(status, body, headers, delayMillis, false);
    }

    public static Answer status(int status) {
      return new Answer(status, "ok", Map.of(), 0);
    }

    /** {@code status}, answered only after {@link Receiver#releaseHeld()}. */
    public static Answer heldUntilReleased(int status) {
      return new Answer(status, "held", Map.of(), 0, true);
    }
  }

  static {
    // Like any production web server, answer without Nagle's delay (otherwise every response
    // waits ~40 ms for the client's delayed ACK).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private final CountDownLatch held = new CountDownLatch(1);

  private final Map<String, AtomicInteger> countByPath =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Receiver(PathAnswers answers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          try (exchange) {
            handle(exchange, answers);
          } finally {
            concurrent.decrementAndGet();
          }
        });
    server.start();
  }

  public static Receiver answering(IntFunction<Answer> answers) {
    return answeringByPath((path, n) -> answers.apply(n));
  }

  /** Answers per path: {@code n} counts the requests of that path only. */
  public static Receiver answeringByPath(PathAnswers answers) {
    try {
      return new Receiver(answers);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Receiver ok() {
    return answering(n -> Answer.status(200));
  }

  private void handle(HttpExchange exchange, PathAnswers answers) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers = new java.util.HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    String path = exchange.getRequestURI().getPath();
    var answeredAt = new java.util.concurrent.atomic.AtomicLong();
    received.add(new Received(path, headers, body, System.currentTimeMillis(), answeredAt));
    count.incrementAndGet();
    int n = countByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Answer answer = answers.answer(path, n);
    if (answer.held()) {
      try {
        // Bounded only so that a failed test cannot leave threads behind for long.
        held.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (answer.delayMillis() > 0) {
      try {
        Thread.sleep(answer.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } finally {
      answeredAt.set(System.currentTimeMillis());
    }
  }

  public String url() {
    return url("/hooks");
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Requests received on one path. */
  public List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Most requests this receiver was handling at the same time. */
  public int maxConcurrent() {
    return maxConcurrent.get();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Lets every held request (and every later one) be answered. */
  public void releaseHeld() {
    held.countDown();
  }

  @Override
  public void close() {
    held.countDown();
    server.stop(0);
  }
}
