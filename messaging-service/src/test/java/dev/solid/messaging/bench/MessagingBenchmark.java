package dev.solid.messaging.bench;

import static org.awaitility.Awaitility.await;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.infra.testing.bench.BenchService;
import dev.solid.messaging.support.ProviderStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput of messaging-service, not a test: messages accepted per second at the API (concurrent
 * {@code POST /api/v1/messages/send}) and delivered per second by the worker (queued → sent).
 *
 * <p>Starts the embedded PostgreSQL and Kafka and the Twilio/Telegram stand-in, runs the packaged
 * service ({@code target/quarkus-app/quarkus-run.jar}) as its own process, and calls it directly
 * with internal tokens, as the gateway would (the gateway's per-key rate limit would otherwise be
 * what is measured). Run (see BENCHMARK.md):
 *
 * <pre>
 * ./mvnw -B -o -q -pl messaging-service -am package -DskipTests
 * ./mvnw -B -o -q -pl messaging-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.solid.messaging.bench.MessagingBenchmark -Dexec.args="2000 32"
 * </pre>
 *
 * Args: messages per mode (default 2000), concurrent requests (default 32).
 */
public final class MessagingBenchmark {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MessagingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    SolidTestInfra infra = new SolidTestInfra();
    infra.init(Map.of("redis", "false"));
    Map<String, String> config = infra.start();
    ProviderStandIn standIn = ProviderStandIn.instance();
    Map<String, String> properties = new HashMap<>(config);
    properties.put("solid.messaging.twilio-base-url", standIn.baseUrl());
    properties.put("solid.messaging.telegram-base-url", standIn.baseUrl());
    // The jar runs in the prod profile, which has no credentials key: it needs one of its own.
    byte[] credentialsKey = new byte[32];
    new SecureRandom().nextBytes(credentialsKey);
    properties.put(
        "solid.messaging.credentials-key",
        java.util.Base64.getEncoder().encodeToString(credentialsKey));
    properties.put("quarkus.log.category.\"dev.solid\".level", "WARN");
    try (BenchService service = BenchService.start("messaging-service", properties, Map.of())) {
      String base = service.baseUrl();
      System.out.printf(
          "messaging-service up; %d messages per mode, %d concurrent requests, %d cores%n",
          messages, concurrency, Runtime.getRuntime().availableProcessors());
      long company = System.currentTimeMillis() % 1_000_000_000L * 1000 + 900;
      run(base, config, company, false, messages, concurrency);
      run(base, config, company + 1, true, messages, concurrency);
      System.out.printf("stand-in received %d provider calls%n", standIn.total());
    } finally {
      standIn.close();
    }
    System.exit(0);
  }

  private static void run(
      String base,
      Map<String, String> config,
      long company,
      boolean livemode,
      int messages,
      int concurrency)
      throws Exception {
    String token =
        TestTokens.apiKey(company, livemode, "read:messages", "write:messages", "manage:sequences");
    String account =
        post(
                base,
                token,
                "/api/v1/messaging/accounts",
                "{\"channel\":\"telegram\",\"sender\":\"@bench_bot\",\"daily_cap\":1000000,"
                    + "\"provider\":{\"bot_token\":\""
                    + ProviderStandIn.BOT_TOKEN
                    + "\",\"webhook_secret\":\"s\"}}")
            .body()
            .replaceAll("(?s).*\"id\":(\\d+).*", "$1");
    // Fresh tokens per mode; they live 60 s, longer than one run needs.
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<CompletableFuture<?>> calls = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      inFlight.acquire();
      String body =
          "{\"account_id\":"
              + account
              // Numeric chat ids: a live bot cannot message a user by "@username" it never heard
              // from (the stand-in answers "chat not found" like Telegram).
              + ",\"to\":\""
              + (900_000_000L + i)
              + "\",\"text\":\"hi "
              + i
              + "\"}";
      calls.add(
          HTTP.sendAsync(
                  request(base, token, "/api/v1/messages/send", body),
                  HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (r, e) -> {
                    inFlight.release();
                    if (e == null && r.statusCode() == 200) {
                      accepted.incrementAndGet();
                    } else {
                      refused.incrementAndGet();
                    }
                  }));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    double acceptSeconds = (System.nanoTime() - start) / 1e9;
    // Delivery: wait until nothing of this company is queued or sending, then time it from the
    // first message created to the last one finished (both clocks are PostgreSQL's).
    double[] window =
        await()
            .alias("delivery of every accepted message")
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> finished(config, company, accepted.get()), Objects::nonNull);
    System.out.printf(
        "%s mode: accepted %d (refused %d) in %.2f s = %.0f msg/s at the API; delivered %d in %.2f"
            + " s from first accepted = %.0f msg/s by the worker%n",
        livemode ? "live" : "test",
        accepted.get(),
        refused.get(),
        acceptSeconds,
        accepted.get() / acceptSeconds,
        (int) window[1],
        window[0],
        window[1] / window[0]);
  }

  /** {seconds from first created to last finished, finished count}, or null while unfinished. */
  private static double[] finished(Map<String, String> config, long company, int expected)
      throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                config.get("quarkus.datasource.jdbc.url"), "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE status IN ('sent', 'failed')),"
                    + " extract(epoch FROM max(updated_at) - min(created_at))"
                    + " FROM messaging.messages WHERE company_id = ?")) {
      ps.setLong(1, company);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int done = rs.getInt(1);
        return done < expected ? null : new double[] {rs.getDouble(2), done};
      }
    }
  }

  private static HttpRequest request(String base, String token, String path, String json) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static HttpResponse<String> post(String base, String token, String path, String json)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(request(base, token, path, json), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }
}
