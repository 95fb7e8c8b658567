package dev.solid.crm.bench;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.bench.BenchService;
import dev.solid.infra.testing.bench.BenchTokens;
import dev.solid.infra.testing.bench.Load;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Figures of crm-service, not a test (surefire runs {@code *Test} classes only): deals created per
 * second, and the latency of the contact timeline and of the funnel, pipeline and forecast reports
 * for one company holding 100,000 contacts, 20,000 deals and 500,000 activities; each beside an
 * anchor measured in the same run (GETs of one deal; GETs of one contact). See BENCHMARK.md.
 *
 * <p>Args: contacts (100000), deals (20000), activities (500000), deals to create (1000), deals in
 * flight (16), timed calls per latency figure (300).
 */
public final class CrmBenchmark {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Activities of the one busy contact, within the activities count. */
  private static final int BUSY_ACTIVITIES = 10_000;

  private CrmBenchmark() {}

  public static void main(String[] args) throws Exception {
    int contacts = arg(args, 0, 100_000);
    int deals = arg(args, 1, 20_000);
    int activities = arg(args, 2, 500_000);
    int creates = arg(args, 3, 1000);
    int concurrency = arg(args, 4, 16);
    int samples = arg(args, 5, 300);
    SolidTestInfra infra = new SolidTestInfra();
    infra.init(Map.of("redis", "false"));
    Map<String, String> config = infra.start();
    Map<String, String> properties = new java.util.HashMap<>(config);
    properties.put("quarkus.log.category.\"dev.solid\".level", "WARN");
    try (BenchService crm = BenchService.start("crm-service", properties, Map.of())) {
      String base = crm.baseUrl();
      long company = System.currentTimeMillis() % 1_000_000_000L * 1000 + 970;
      Supplier<String> token = tokens(company);
      System.out.printf(
          "crm-service up (log: %s); %d cores%n",
          crm.log(), Runtime.getRuntime().availableProcessors());
      // The default pipeline, created by its first read.
      send(get(base, token.get(), "/api/v1/crm/pipelines"), 200);
      String url = config.get("quarkus.datasource.jdbc.url");
      long[] ids;
      try (Connection db = DriverManager.getConnection(url, "postgres", "postgres")) {
        ids = seed(db, company, contacts, deals, activities);
      }
      long firstContact = ids[0];
      long busy = ids[1];
      dealsPerSecond(base, token, firstContact, contacts, creates, concurrency);
      latencies(base, token, firstContact, contacts, busy, samples);
    } finally {
      infra.stop();
    }
    System.exit(0);
  }

  // --- the data set ----------------------------------------------------------------------------

  /**
   * Contacts created over the last 30 days with the bands spread 50/20/20/10 (cold, warm, mql,
   * hot); deals over the pipeline's six stages (closed ones in the last 60 days, open ones expected
   * from a month ago to three months ahead) with their creation in the stage history; activities
   * five per contact, but {@value #BUSY_ACTIVITIES} on one busy contact; a projected timeline entry
   * (a message) per contact. Inserted with SQL: the API would take an hour on this machine. Returns
   * the first contact's id and the busy contact's.
   */
  private static long[] seed(Connection db, long company, int contacts, int deals, int activities)
      throws Exception {
    long start = System.nanoTime();
    long[] stages = new long[6];
    long pipeline;
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT p.id, s.id FROM crm.pipelines p JOIN crm.pipeline_stages s"
                + " ON s.pipeline_id = p.id WHERE p.company_id = ? AND NOT p.livemode"
                + " AND p.is_default ORDER BY s.position")) {
      ps.setLong(1, company);
      try (ResultSet rs = ps.executeQuery()) {
        int i = 0;
        pipeline = 0;
        while (rs.next()) {
          pipeline = rs.getLong(1);
          stages[i++] = rs.getLong(2);
        }
      }
    }
    String stageArray =
        "ARRAY["
            + String.join(",", java.util.Arrays.stream(stages).mapToObj(Long::toString).toList())
            + "]::bigint[]";
    db.setAutoCommit(false);
    try (Statement st = db.createStatement()) {
      st.executeUpdate(
          "INSERT INTO crm.contacts (company_id, livemode, name, email, lead_score,"
              + " lead_score_band, created_at, updated_at)"
              + " SELECT "
              + company
              + ", false, 'Bench ' || g, 'c' || g || '@bench-co.io',"
              + " (ARRAY[10,10,10,10,10,40,40,65,65,90])[g % 10 + 1],"
              + " (ARRAY['cold','cold','cold','cold','cold','warm','warm','mql','mql','hot'])"
              + "[g % 10 + 1], now() - (g % 2592000) * interval '1 second',"
              + " now() FROM generate_series(1, "
              + contacts
              + ") g");
    }
    long first;
    try (Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT min(id) FROM crm.contacts WHERE company_id = "
                    + company
                    + " AND NOT livemode")) {
      rs.next();
      first = rs.getLong(1);
    }
    long busy = first + contacts / 2;
    try (Statement st = db.createStatement()) {
      // Stage g % 6: 0..3 open, 4 won, 5 lost.
      st.executeUpdate(
          "INSERT INTO crm.deals (company_id, livemode, title, amount, currency, contact_id,"
              + " pipeline_id, stage_id, expected_close_date, closed_at, created_at, updated_at)"
              + " SELECT "
              + company
              + ", false, 'Bench deal ' || g, 1000 + (g * 7919) % 5000000, 'usd', "
              + first
              + " + (g * 5) % "
              + contacts
              + ", "
              + pipeline
              + ", ("
              + stageArray
              + ")[g % 6 + 1],"
              + " CASE WHEN g % 6 < 4 THEN current_date + (g % 120 - 30) END,"
              + " CASE WHEN g % 6 >= 4 THEN now() - (g % 60) * interval '1 day' END,"
              + " now() - (g % 60 + g % 40) * interval '1 day', now()"
              + " FROM generate_series(1, "
              + deals
              + ") g");
      st.executeUpdate(
          "INSERT INTO crm.deal_stage_history (company_id, livemode, deal_id, pipeline_id,"
              + " to_stage_id, to_stage, amount, currency, actor, changed_at)"
              + " SELECT d.company_id, false, d.id, d.pipeline_id, d.stage_id, s.name, d.amount,"
              + " d.currency, 'bench', d.created_at FROM crm.deals d JOIN crm.pipeline_stages s"
              + " ON s.id = d.stage_id WHERE d.company_id = "
              + company
              + " AND NOT d.livemode");
      st.executeUpdate(
          "INSERT INTO crm.activities (company_id, livemode, type, contact_id, subject, body,"
              + " occurred_at, created_at, updated_at)"
              + " SELECT "
              + company
              + ", false, (ARRAY['note','call','email','meeting'])[g % 4 + 1],"
              + " CASE WHEN g <= "
              + BUSY_ACTIVITIES
              + " THEN "
              + busy
              + " ELSE "
              + first
              + " + g % "
              + contacts
              + " END, 'Bench activity ' || g, 'Talked about the kitchen remodel, item ' || g,"
              + " now() - (g % 5184000) * interval '1 second', now(), now()"
              + " FROM generate_series(1, "
              + activities
              + ") g");
      st.executeUpdate(
          "INSERT INTO crm.timeline_entries (company_id, livemode, contact_id, type, occurred_at,"
              + " summary, ref_object, ref_id, event_id, created_at)"
              + " SELECT "
              + company
              + ", false, "
              + first
              + " + g - 1, 'message.received', now() - (g % 2592000) * interval '1 second',"
              + " 'Message received on telegram', 'message', 'msg_' || g,"
              + " 'bench-"
              + company
              + "-' || g, now() FROM generate_series(1, "
              + contacts
              + ") g");
    }
    db.commit();
    db.setAutoCommit(true);
    try (Statement st = db.createStatement()) {
      st.execute(
          "VACUUM ANALYZE crm.contacts, crm.deals, crm.deal_stage_history, crm.activities,"
              + " crm.timeline_entries");
    }
    System.out.printf(
        "seeded %d contacts, %d deals, %d activities (%d on contact %d), %d timeline entries in"
            + " %.1f s%n",
        contacts,
        deals,
        activities,
        BUSY_ACTIVITIES,
        busy,
        contacts,
        (System.nanoTime() - start) / 1e9);
    return new long[] {first, busy};
  }

  // --- 1. deals created per second -------------------------------------------------------------

  private static void dealsPerSecond(
      String base,
      Supplier<String> token,
      long firstContact,
      int contacts,
      int creates,
      int concurrency)
      throws Exception {
    Load.burst(Math.min(50, creates), concurrency, i -> create(base, token, firstContact + i));
    long start = System.nanoTime();
    List<Long> created =
        Load.burst(
            creates, concurrency, i -> create(base, token, firstContact + (i * 13L) % contacts));
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = created.stream().filter(id -> id > 0).count();
    System.out.printf(
        "deals: %d created (%d failed) in %.2f s = %.0f deals/s (%d in flight)%n",
        ok, creates - ok, seconds, ok / seconds, concurrency);
    long[] ids = created.stream().filter(id -> id > 0).mapToLong(Long::longValue).toArray();
    long readStart = System.nanoTime();
    List<Long> read =
        Load.burst(
            ids.length,
            concurrency,
            i ->
                HTTP.sendAsync(
                        get(base, token.get(), "/api/v1/crm/deals/" + ids[i]),
                        HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> r.statusCode() == 200 ? 1L : -1L));
    double readSeconds = (System.nanoTime() - readStart) / 1e9;
    long readOk = read.stream().filter(r -> r > 0).count();
    System.out.printf(
        "anchor: %d GET /api/v1/crm/deals/{id} in %.2f s = %.0f reads/s (%d in flight)%n",
        readOk, readSeconds, readOk / readSeconds, concurrency);
  }

  private static CompletableFuture<Long> create(String base, Supplier<String> token, long contact) {
    return HTTP.sendAsync(
            post(
                base,
                token.get(),
                "/api/v1/crm/deals",
                "{\"title\":\"Kitchen Remodel\",\"stage\":\"Qualified\",\"amount\":1200000,"
                    + "\"contact_id\":"
                    + contact
                    + ",\"expected_close_date\":\"2027-01-15\"}"),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              if (r.statusCode() != 201) {
                System.err.println("create answered " + r.statusCode() + " " + r.body());
                return -1L;
              }
              return Long.parseLong(r.body().replaceAll("(?s).*?\"id\":(\\d+).*", "$1"));
            });
  }

  // --- 2. latencies ----------------------------------------------------------------------------

  private static void latencies(
      String base, Supplier<String> token, long first, int contacts, long busy, int samples)
      throws Exception {
    Random random = new Random(42);
    int warm = 20;
    int reports = Math.max(20, samples / 3);
    Load.Latencies anchor =
        Load.sequential(
            warm,
            samples,
            i ->
                send(
                    get(
                        base,
                        token.get(),
                        "/api/v1/crm/contacts/" + (first + random.nextInt(contacts))),
                    200));
    Load.Latencies timeline =
        Load.sequential(
            warm,
            samples,
            i ->
                send(
                    get(
                        base,
                        token.get(),
                        "/api/v1/crm/contacts/"
                            + (first + random.nextInt(contacts))
                            + "/timeline?limit=20"),
                    200));
    Load.Latencies busyTimeline =
        Load.sequential(
            warm,
            samples,
            i ->
                send(
                    get(base, token.get(), "/api/v1/crm/contacts/" + busy + "/timeline?limit=20"),
                    200));
    Load.Latencies funnel =
        Load.sequential(
            5, reports, i -> send(get(base, token.get(), "/api/v1/analytics/funnel"), 200));
    Load.Latencies pipeline =
        Load.sequential(
            5, reports, i -> send(get(base, token.get(), "/api/v1/analytics/pipeline"), 200));
    Load.Latencies forecast =
        Load.sequential(
            5,
            reports,
            i ->
                send(
                    get(base, token.get(), "/api/v1/analytics/forecast?interval=month&periods=3"),
                    200));
    System.out.println("latency, one request at a time:");
    System.out.println("  anchor: GET a contact                         " + anchor);
    System.out.println("  GET a contact's timeline (limit 20)           " + timeline);
    System.out.println("  same, the contact with 10,000 activities      " + busyTimeline);
    System.out.println("  GET /api/v1/analytics/funnel (30 days)        " + funnel);
    System.out.println("  GET /api/v1/analytics/pipeline                " + pipeline);
    System.out.println("  GET /api/v1/analytics/forecast (3 months)     " + forecast);
  }

  // --- HTTP --------------------------------------------------------------------------------

  private static void send(HttpRequest request, int status) throws Exception {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
  }

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

  private static Supplier<String> tokens(long company) {
    return BenchTokens.refreshing(
        company, "read:deals", "write:deals", "read:contacts", "read:activities", "read:analytics");
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
