package dev.solid.payments.bench;

import static org.awaitility.Awaitility.await;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.bench.BenchService;
import dev.solid.infra.testing.bench.BenchTokens;
import dev.solid.infra.testing.bench.Load;
import dev.solid.payments.support.StandIns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Throughput of payments-service, not a test (surefire runs {@code *Test} classes only): orders
 * created and paid per second in test mode, and renewals billed per second by the subscription
 * scheduler, each printed beside an anchor measured in the same run.
 *
 * <p>Starts the embedded PostgreSQL and Kafka and the crm stand-in ({@code support/StandIns}), runs
 * the packaged service ({@code target/quarkus-app/quarkus-run.jar}) as its own process with the
 * scheduler every second, and calls it directly with internal tokens, as the gateway would (through
 * the gateway, its per-key rate limit would be what is measured). The due subscriptions are
 * inserted with SQL, not through the API: see BENCHMARK.md. Args: orders (default 1000), orders in
 * flight (default 16), due subscriptions (default 10000), companies they are spread over (default
 * 1: invoice numbers are per company, so one company's renewals take turns on its counter).
 */
public final class PaymentsBenchmark {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The 4 workers of the scheduler; the anchor inserts with as many connections. */
  private static final int ANCHOR_CONNECTIONS = 4;

  private PaymentsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int subscriptions = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int companies = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    SolidTestInfra infra = new SolidTestInfra();
    infra.init(Map.of("redis", "false"));
    Map<String, String> config = infra.start();
    StandIns standIns = StandIns.instance();
    Map<String, String> properties = new HashMap<>(config);
    properties.put("solid.payments.crm.base-url", standIns.baseUrl());
    properties.put("solid.payments.stripe.base-url", standIns.baseUrl());
    properties.put("quarkus.log.category.\"dev.solid\".level", "WARN");
    // The scheduler looks for due subscriptions every second (default 10 s).
    try (BenchService service =
        BenchService.start(
            "payments-service",
            properties,
            Map.of("SOLID_PAYMENTS_SUBSCRIPTIONS_INTERVAL", "1s"))) {
      String base = service.baseUrl();
      System.out.printf(
          "payments-service up (log: %s); %d orders, %d in flight; %d due subscriptions in %d"
              + " companies; %d cores%n",
          service.log(),
          orders,
          concurrency,
          subscriptions,
          companies,
          Runtime.getRuntime().availableProcessors());
      long company = System.currentTimeMillis() % 1_000_000_000L * 1000 + 950;
      orders(base, standIns, company, orders, concurrency);
      renewals(config, company + 1, companies, subscriptions);
    } finally {
      standIns.close();
    }
    System.exit(0);
  }

  // --- 1. Orders created and paid -------------------------------------------------------------

  private static void orders(
      String base, StandIns standIns, long company, int orders, int concurrency) throws Exception {
    Supplier<String> token = tokens(company);
    long firstContact = 5_000;
    for (int i = 0; i < orders; i++) {
      standIns.contact(company, false, firstContact + i);
    }
    // Warm-up (JIT, connection pools), not counted.
    List<Long> warm =
        Load.burst(
            Math.min(50, orders),
            concurrency,
            i -> createAndPay(base, token, firstContact + i % orders));
    System.out.printf("warm-up: %d orders paid%n", warm.stream().filter(ok -> ok > 0).count());

    long start = System.nanoTime();
    List<Long> paid =
        Load.burst(orders, concurrency, i -> createAndPay(base, token, firstContact + i));
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = paid.stream().filter(id -> id > 0).count();
    System.out.printf(
        "orders: %d created and paid (%d failed) in %.2f s = %.0f orders/s (%d in flight)%n",
        ok, orders - ok, seconds, ok / seconds, concurrency);

    // Anchor: as many reads of those orders, same concurrency, same service and database.
    long[] ids = paid.stream().filter(id -> id > 0).mapToLong(Long::longValue).toArray();
    long readStart = System.nanoTime();
    List<Long> read =
        Load.burst(
            ids.length,
            concurrency,
            i ->
                HTTP.sendAsync(
                        get(base, token.get(), "/api/v1/orders/" + ids[i]),
                        HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> r.statusCode() == 200 ? 1L : -1L));
    double readSeconds = (System.nanoTime() - readStart) / 1e9;
    long readOk = read.stream().filter(r -> r > 0).count();
    System.out.printf(
        "anchor: %d GET /api/v1/orders/{id} in %.2f s = %.0f reads/s (%d in flight)%n",
        readOk, readSeconds, readOk / readSeconds, concurrency);
  }

  /** Creates an order of 10.00 and pays it with pm_card_visa; the order id, or -1. */
  private static CompletableFuture<Long> createAndPay(
      String base, Supplier<String> token, long contact) {
    return HTTP.sendAsync(
            post(
                base,
                token.get(),
                "/api/v1/orders",
                "{\"contact_id\":" + contact + ",\"amount\":1000}"),
            HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            created -> {
              if (created.statusCode() != 201) {
                System.err.println("create answered " + created.statusCode() + created.body());
                return CompletableFuture.completedFuture(-1L);
              }
              long id = Long.parseLong(created.body().replaceAll("(?s).*?\"id\":(\\d+).*", "$1"));
              return HTTP.sendAsync(
                      post(
                          base,
                          token.get(),
                          "/api/v1/orders/" + id + "/pay",
                          "{\"payment_method\":\"pm_card_visa\"}"),
                      HttpResponse.BodyHandlers.ofString())
                  .thenApply(
                      paid -> {
                        if (paid.statusCode() != 200) {
                          System.err.println("pay answered " + paid.statusCode() + paid.body());
                          return -1L;
                        }
                        return id;
                      });
            });
  }

  private static Supplier<String> tokens(long company) {
    return BenchTokens.refreshing(company, "read:payments", "write:payments", "read:contacts");
  }

  // --- 2. Renewals billed by the scheduler ----------------------------------------------------

  /**
   * Companies {@code first} … {@code first + companies - 1} hold {@code count} due subscriptions.
   */
  private static void renewals(Map<String, String> config, long first, int companies, int count)
      throws Exception {
    long[] company = {first, first + companies - 1};
    String url = config.get("quarkus.datasource.jdbc.url");
    try (Connection db = DriverManager.getConnection(url, "postgres", "postgres")) {
      // Anchor first, while nothing is due: plain single-row inserts of invoice-like rows,
      // autocommitted, 4 connections at once (as many as the scheduler's workers).
      double anchorSeconds = anchorInserts(db, url, count);
      System.out.printf(
          "anchor: %d plain INSERTs of invoice-like rows (one per transaction, %d connections) in"
              + " %.2f s = %.0f rows/s%n",
          count, ANCHOR_CONNECTIONS, anchorSeconds, count / anchorSeconds);

      // Due subscriptions, all in one transaction so the scheduler sees them at once: active,
      // real time (no test clock), the current monthly period ended a minute ago.
      Instant periodEnd = Instant.now().minus(1, ChronoUnit.MINUTES);
      Instant anchor = periodEnd.atZone(ZoneOffset.UTC).minusMonths(1).toInstant();
      db.setAutoCommit(false);
      try (PreparedStatement ps =
          db.prepareStatement(
              "INSERT INTO payments.plans (company_id, livemode, name, amount, currency, interval)"
                  + " SELECT c, false, 'Bench monthly', 1900, 'usd', 'month'"
                  + " FROM generate_series(?::bigint, ?::bigint) c")) {
        ps.setLong(1, company[0]);
        ps.setLong(2, company[1]);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          db.prepareStatement(
              "INSERT INTO payments.subscriptions (company_id, livemode, contact_id, plan_id,"
                  + " status, payment_method, billing_cycle_anchor, current_period_start,"
                  + " current_period_end, next_action_at, started_at)"
                  + " SELECT p.company_id, false, 100000 + g, p.id, 'active', 'pm_card_visa',"
                  + " ?, ?, ?, ?, ? FROM generate_series(0, ? - 1) g JOIN payments.plans p"
                  + " ON p.company_id = ? + g % ? AND p.livemode = false"
                  // Companies interleaved in the due index (equal next_action_at, so heap order).
                  + " ORDER BY g")) {
        ps.setTimestamp(1, Timestamp.from(anchor));
        ps.setTimestamp(2, Timestamp.from(anchor));
        ps.setTimestamp(3, Timestamp.from(periodEnd));
        ps.setTimestamp(4, Timestamp.from(periodEnd));
        ps.setTimestamp(5, Timestamp.from(anchor));
        ps.setInt(6, count);
        ps.setLong(7, company[0]);
        ps.setInt(8, companies);
        ps.executeUpdate();
      }
      db.commit();
      db.setAutoCommit(true);
      long start = System.nanoTime();
      System.out.printf("%d due subscriptions committed; waiting for their renewals%n", count);

      AtomicInteger lastSeen = new AtomicInteger();
      AtomicLong lastPrint = new AtomicLong(System.nanoTime());
      await()
          .alias("a paid renewal invoice for every subscription")
          .atMost(Duration.ofMinutes(30))
          // Once a second: the count is not free, and the machine has 2 cores.
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                int paid = paidRenewals(db, company);
                if (System.nanoTime() - lastPrint.get() > 15_000_000_000L) {
                  System.out.printf(
                      "  %.0f s: %d paid (%.0f/s over the last %.0f s)%n",
                      (System.nanoTime() - start) / 1e9,
                      paid,
                      (paid - lastSeen.get()) / ((System.nanoTime() - lastPrint.get()) / 1e9),
                      (System.nanoTime() - lastPrint.get()) / 1e9);
                  lastSeen.set(paid);
                  lastPrint.set(System.nanoTime());
                }
                return paid >= count;
              });
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] window = window(db, company);
      System.out.printf(
          "renewals: %d paid renewal invoices in %.2f s from commit = %.0f renewals/s"
              + " (first invoice created → last paid, PostgreSQL's clock: %.2f s = %.0f/s);"
              + " pauses over 250 ms between renewals: %d, %.1f s in all%n",
          count,
          seconds,
          count / seconds,
          window[0],
          count / window[0],
          (int) window[1],
          window[2]);
      System.out.printf(
          "check: subscriptions with more than one invoice = %d, periods invoiced twice = %d,"
              + " subscriptions not active again = %d%n",
          scalar(
              db,
              "SELECT count(*) FROM (SELECT subscription_id FROM payments.invoices"
                  + " WHERE company_id BETWEEN ? AND ? AND subscription_id IS NOT NULL"
                  + " GROUP BY subscription_id HAVING count(*) > 1) x",
              company),
          scalar(
              db,
              "SELECT count(*) FROM (SELECT subscription_id, period_start FROM payments.invoices"
                  + " WHERE company_id BETWEEN ? AND ? AND billing_reason IN ('subscription_create',"
                  + " 'subscription_cycle') GROUP BY 1, 2 HAVING count(*) > 1) x",
              company),
          scalar(
              db,
              "SELECT count(*) FROM payments.subscriptions WHERE company_id BETWEEN ? AND ?"
                  + " AND (status <> 'active' OR next_action_at <= now())",
              company));
    }
  }

  private static int paidRenewals(Connection db, long[] company) throws Exception {
    return (int)
        scalar(
            db,
            "SELECT count(*) FROM payments.invoices WHERE company_id BETWEEN ? AND ? AND livemode = false"
                + " AND billing_reason = 'subscription_cycle' AND status = 'paid'",
            company);
  }

  /**
   * Seconds from the first renewal invoice created to the last paid; then the pauses longer than
   * 250 ms between one renewal invoice and the next (the scheduler waiting for its next tick):
   * their number and total seconds.
   */
  private static double[] window(Connection db, long[] company) throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT extract(epoch FROM max(paid_at) - min(created_at)),"
                + " count(*) FILTER (WHERE gap > interval '250 ms'),"
                + " coalesce(extract(epoch FROM sum(gap) FILTER (WHERE gap > interval '250 ms')),"
                + " 0) FROM (SELECT paid_at, created_at,"
                + " created_at - lag(created_at) OVER (ORDER BY created_at) AS gap"
                + " FROM payments.invoices WHERE company_id BETWEEN ? AND ?"
                + " AND billing_reason = 'subscription_cycle') x")) {
      ps.setLong(1, company[0]);
      ps.setLong(2, company[1]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
      }
    }
  }

  private static long scalar(Connection db, String sql, long[] company) throws Exception {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setLong(1, company[0]);
      ps.setLong(2, company[1]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Inserts {@code count} rows shaped like payments.invoices (same columns, defaults and indexes)
   * into a scratch table, one per autocommitted statement, over 4 connections; the seconds taken.
   * The table is dropped afterwards.
   */
  private static double anchorInserts(Connection db, String url, int count) throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute("DROP TABLE IF EXISTS public.bench_invoices");
      s.execute(
          "CREATE TABLE public.bench_invoices (LIKE payments.invoices INCLUDING DEFAULTS"
              + " INCLUDING INDEXES)");
      s.execute(
          "ALTER TABLE public.bench_invoices ALTER COLUMN id ADD GENERATED BY DEFAULT AS"
              + " IDENTITY");
    }
    ExecutorService pool = Executors.newFixedThreadPool(ANCHOR_CONNECTIONS);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < ANCHOR_CONNECTIONS; c++) {
      done.add(
          pool.submit(
              () -> {
                try (Connection conn = DriverManager.getConnection(url, "postgres", "postgres");
                    PreparedStatement ps =
                        conn.prepareStatement(
                            "INSERT INTO public.bench_invoices (company_id, livemode, contact_id,"
                                + " subscription_id, status, currency, description, line_items,"
                                + " subtotal, total, billing_reason, period_start, period_end)"
                                + " VALUES (1, false, ?, ?, 'open', 'usd', 'Subscription',"
                                + " ?::jsonb, 1900, 1900, 'subscription_cycle', now(), now())")) {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    ps.setLong(1, 100_000 + i);
                    ps.setLong(2, i);
                    ps.setString(
                        3,
                        "[{\"description\":\"1 × Bench monthly\",\"quantity\":1,\"amount\":1900}]");
                    ps.executeUpdate();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    try (Statement s = db.createStatement()) {
      s.execute("DROP TABLE public.bench_invoices");
    }
    return seconds;
  }

  // --- HTTP --------------------------------------------------------------------------------

  private static HttpRequest post(String base, String token, String path, String json) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static HttpRequest get(String base, String token, String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }
}
