package dev.solid.crm.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The funnel, pipeline and forecast reports against a seeded data set whose every figure is
 * computed by hand below. Contacts and deals are inserted with SQL (no events, so lead scoring
 * never rewrites the bands set here, and dates can be placed in the past); one test moves a deal
 * through the API to show the app's own closing feeds the reports.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class AnalyticsTest {
  private static final AtomicLong COMPANIES =
      new AtomicLong(3_000_000_000_000L + System.currentTimeMillis() % 1_000_000_000L * 1000);

  @Inject Pool pool;

  private static String token(long company, boolean livemode) {
    return TestTokens.apiKey(
        company,
        livemode,
        "read:analytics",
        "read:deals",
        "write:deals",
        "read:contacts",
        "write:contacts");
  }

  private static ValidatableResponse get(String token, String path) {
    return given()
        .header("Authorization", "Bearer " + token)
        .header("X-Request-Id", "req_analytics")
        .get(path)
        .then();
  }

  /** The default pipeline's stage ids by name (GET creates the pipeline on first use). */
  private static Map<String, Long> stages(String token) {
    JsonPath pipelines = get(token, "/api/v1/crm/pipelines").statusCode(200).extract().jsonPath();
    List<Map<String, Object>> stages = pipelines.getList("items[0].stages");
    Map<String, Long> ids = new HashMap<>();
    for (Map<String, Object> stage : stages) {
      ids.put((String) stage.get("name"), ((Number) stage.get("id")).longValue());
    }
    return ids;
  }

  private long pipelineId(String token) {
    return get(token, "/api/v1/crm/pipelines").extract().jsonPath().getLong("items[0].id");
  }

  private long contact(long company, String band, OffsetDateTime createdAt) {
    return pool.preparedQuery(
            "INSERT INTO crm.contacts (company_id, livemode, name, lead_score_band, created_at,"
                + " updated_at) VALUES ($1, false, 'Seeded', $2, $3, $3) RETURNING id")
        .executeAndAwait(Tuple.of(company, band, createdAt))
        .iterator()
        .next()
        .getLong("id");
  }

  private void deal(
      long company,
      long pipeline,
      long stage,
      Long contact,
      long amount,
      String currency,
      LocalDate expected,
      OffsetDateTime createdAt,
      OffsetDateTime closedAt) {
    pool.preparedQuery(
            "INSERT INTO crm.deals (company_id, livemode, title, amount, currency, contact_id,"
                + " pipeline_id, stage_id, expected_close_date, created_at, updated_at, closed_at)"
                + " VALUES ($1, false, 'Seeded', $2, $3, $4, $5, $6, $7, $8, $8, $9)")
        .executeAndAwait(
            Tuple.from(
                new Object[] {
                  company, amount, currency, contact, pipeline, stage, expected, createdAt, closedAt
                }));
  }

  /**
   * One company's data set. Today is T; M0 is the first day of T's month, M1 and M2 the next two.
   *
   * <pre>
   * contacts (created yesterday)  k1 cold, k2 warm, k3 mql, k4 hot, k5 cold; k6 hot created 40 days ago
   * d1  New 10 %          100,000 usd  k5   expected M0+10
   * d2  Won               500,000 usd  k4   closed M0 12:00, created 10 days before
   * d3  Won               300,000 usd       closed M0 12:00, created 20 days before
   * d4  Lost              200,000 usd       closed M0 12:00
   * d5  Proposal 50 %     123,457 usd       expected M1+3     weighted 61,729
   * d6  Negotiation 75 %    1,000 usd       expected M1+20    weighted 750
   * d7  Qualified 25 %     40,000 usd       expected M0-1 (past due), weighted 10,000
   * d8  New 10 %            5,000 usd       no date, weighted 500
   * d9  Proposal          999,999 eur       expected M0 (another currency: in no usd figure)
   * d10 Won               700,000 usd       closed 40 days ago
   * </pre>
   */
  private record Seeded(long company, String token, long pipeline, LocalDate m0) {}

  private Seeded seed() {
    long company = COMPANIES.incrementAndGet();
    String token = token(company, false);
    Map<String, Long> stage = stages(token);
    long pipeline = pipelineId(token);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    LocalDate today = now.toLocalDate();
    LocalDate m0 = today.withDayOfMonth(1);
    LocalDate m1 = m0.plusMonths(1);
    OffsetDateTime closed = m0.atTime(12, 0).atOffset(ZoneOffset.UTC);
    OffsetDateTime yesterday = now.minusDays(1);
    contact(company, "cold", yesterday);
    contact(company, "warm", yesterday);
    contact(company, "mql", yesterday);
    long k4 = contact(company, "hot", yesterday);
    long k5 = contact(company, "cold", yesterday);
    contact(company, "hot", now.minusDays(40));
    deal(company, pipeline, stage.get("New"), k5, 100_000, "usd", m0.plusDays(10), now, null);
    deal(
        company,
        pipeline,
        stage.get("Won"),
        k4,
        500_000,
        "usd",
        null,
        closed.minusDays(10),
        closed);
    deal(
        company,
        pipeline,
        stage.get("Won"),
        null,
        300_000,
        "usd",
        null,
        closed.minusDays(20),
        closed);
    deal(
        company,
        pipeline,
        stage.get("Lost"),
        null,
        200_000,
        "usd",
        null,
        closed.minusDays(5),
        closed);
    deal(company, pipeline, stage.get("Proposal"), null, 123_457, "usd", m1.plusDays(3), now, null);
    deal(
        company,
        pipeline,
        stage.get("Negotiation"),
        null,
        1_000,
        "usd",
        m1.plusDays(20),
        now,
        null);
    deal(
        company, pipeline, stage.get("Qualified"), null, 40_000, "usd", m0.minusDays(1), now, null);
    deal(company, pipeline, stage.get("New"), null, 5_000, "usd", null, now, null);
    deal(company, pipeline, stage.get("Proposal"), null, 999_999, "eur", m0, now, null);
    deal(
        company,
        pipeline,
        stage.get("Won"),
        null,
        700_000,
        "usd",
        null,
        now.minusDays(41),
        now.minusDays(40));
    return new Seeded(company, token, pipeline, m0);
  }

  @Test
  void shouldCountTheFunnelOfTheContactsCreatedInTheRange() {
    Seeded s = seed();
    get(s.token(), "/api/v1/analytics/funnel")
        .statusCode(200)
        .body("object", equalTo("funnel_report"))
        .body("to", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
        .body("steps.key", contains("created", "warm", "mql", "with_deal", "won"))
        // k1..k5 (k6 is older than 30 days); warm: k2 k3 k4 and k5 (has a deal); mql: k3 k4 k5;
        // with a deal: k4 k5; won: k4.
        .body("steps.count", contains(5, 4, 3, 2, 1))
        .body("steps[0].conversion_rate", nullValue())
        .body("steps[1].conversion_rate", equalTo(0.8f))
        .body("steps[2].conversion_rate", equalTo(0.75f))
        .body("steps[3].conversion_rate", equalTo(0.6667f))
        .body("steps[4].conversion_rate", equalTo(0.5f))
        .body("steps[3].rate_of_created", equalTo(0.4f))
        .body("overall_conversion_rate", equalTo(0.2f));
    // A range that holds k6 only.
    LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(40);
    get(s.token(), "/api/v1/analytics/funnel?from=" + old + "&to=" + old)
        .statusCode(200)
        .body("steps.count", contains(1, 1, 1, 0, 0));
  }

  @Test
  void shouldReportEveryStageTheWinRateAndTheDaysToClose() {
    Seeded s = seed();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    get(s.token(), "/api/v1/analytics/pipeline?from=" + s.m0() + "&to=" + today)
        .statusCode(200)
        .body("object", equalTo("pipeline_report"))
        .body("pipeline_id", equalTo((int) s.pipeline()))
        .body("currency", equalTo("usd"))
        .body("stages.name", contains("New", "Qualified", "Proposal", "Negotiation", "Won", "Lost"))
        .body("stages.deals", contains(2, 1, 1, 1, 3, 1))
        .body("stages.amount", contains(105_000, 40_000, 123_457, 1_000, 1_500_000, 200_000))
        .body("stages.weighted_amount", contains(10_500, 10_000, 61_729, 750, 1_500_000, 0))
        .body("open.deals", equalTo(5))
        .body("open.amount", equalTo(269_457))
        .body("open.weighted_amount", equalTo(82_979))
        // Closed in the range: d2 and d3 won, d4 lost (d10 closed 40 days ago).
        .body("won_deals", equalTo(2))
        .body("lost_deals", equalTo(1))
        .body("won_amount", equalTo(800_000))
        .body("lost_amount", equalTo(200_000))
        .body("win_rate", equalTo(0.6667f))
        .body("average_days_to_close", equalTo(15.0f));
    // The same pipeline named by id; the euro deal alone in eur.
    get(s.token(), "/api/v1/analytics/pipeline?currency=EUR&pipeline_id=" + s.pipeline())
        .statusCode(200)
        .body("currency", equalTo("eur"))
        .body("stages.deals", contains(0, 0, 1, 0, 0, 0))
        .body("win_rate", nullValue())
        .body("average_days_to_close", nullValue());
  }

  @Test
  void shouldForecastWonPlusWeightedOpenPerMonth() {
    Seeded s = seed();
    JsonPath report =
        get(s.token(), "/api/v1/analytics/forecast?interval=month&periods=3")
            .statusCode(200)
            .body("object", equalTo("forecast_report"))
            .body("interval", equalTo("month"))
            .body(
                "periods.start",
                contains(
                    s.m0().toString(),
                    s.m0().plusMonths(1).toString(),
                    s.m0().plusMonths(2).toString()))
            .body("periods[2].end", equalTo(s.m0().plusMonths(3).toString()))
            .body("periods.won_deals", contains(2, 0, 0))
            .body("periods.won_amount", contains(800_000, 0, 0))
            .body("periods.open_deals", contains(1, 2, 0))
            .body("periods.open_amount", contains(100_000, 124_457, 0))
            .body("periods.weighted_open_amount", contains(10_000, 62_479, 0))
            .body("periods.forecast_amount", contains(810_000, 62_479, 0))
            .body("past_due.deals", equalTo(1))
            .body("past_due.weighted_amount", equalTo(10_000))
            .body("without_close_date.deals", equalTo(1))
            .body("without_close_date.amount", equalTo(5_000))
            .body("without_close_date.weighted_amount", equalTo(500))
            .extract()
            .jsonPath();
    org.assertj.core.api.Assertions.assertThat(report.getList("periods")).hasSize(3);
    // Weeks start on Monday; the default is three months from today's.
    get(s.token(), "/api/v1/analytics/forecast?interval=week&periods=2&from=2026-12-03")
        .statusCode(200)
        .body("periods.start", contains("2026-11-30", "2026-12-07"));
    get(s.token(), "/api/v1/analytics/forecast")
        .statusCode(200)
        .body("interval", equalTo("month"))
        .body("periods.start[0]", equalTo(s.m0().toString()));
  }

  @Test
  void shouldFeedTheReportsFromDealsClosedThroughTheApi() {
    long company = COMPANIES.incrementAndGet();
    String token = token(company, false);
    long id =
        given()
            .header("Authorization", "Bearer " + token)
            .contentType(ContentType.JSON)
            .body("{\"title\":\"Kitchen Remodel\",\"stage\":\"Proposal\",\"amount\":1200000}")
            .post("/api/v1/crm/deals")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    get(token, "/api/v1/analytics/pipeline")
        .statusCode(200)
        .body("stages.deals", contains(0, 0, 1, 0, 0, 0))
        .body("open.weighted_amount", equalTo(600_000))
        .body("won_deals", equalTo(0));
    given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"Won\"}")
        .patch("/api/v1/crm/deals/" + id)
        .then()
        .statusCode(200);
    get(token, "/api/v1/analytics/pipeline")
        .statusCode(200)
        .body("stages.deals", contains(0, 0, 0, 0, 1, 0))
        .body("won_deals", equalTo(1))
        .body("win_rate", equalTo(1.0f))
        .body("average_days_to_close", equalTo(0.0f));
    get(token, "/api/v1/analytics/forecast?periods=1")
        .statusCode(200)
        .body("periods[0].won_amount", equalTo(1_200_000));
  }

  @Test
  void shouldKeepEachTenantAndModeToItsOwnData() {
    Seeded s = seed();
    String live = token(s.company(), true);
    get(live, "/api/v1/analytics/funnel")
        .statusCode(200)
        .body("steps.count", contains(0, 0, 0, 0, 0));
    get(live, "/api/v1/analytics/pipeline")
        .statusCode(200)
        .body("stages.deals", contains(0, 0, 0, 0, 0, 0));
    // The test-mode pipeline's id is not the live mode's: it does not exist there.
    get(live, "/api/v1/analytics/pipeline?pipeline_id=" + s.pipeline())
        .statusCode(422)
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo("pipeline_id"));
    String other = token(COMPANIES.incrementAndGet(), false);
    get(other, "/api/v1/analytics/forecast?periods=1&pipeline_id=" + s.pipeline())
        .statusCode(422)
        .body("details[0].field", equalTo("pipeline_id"));
    get(other, "/api/v1/analytics/forecast?periods=1")
        .statusCode(200)
        .body("periods[0].won_amount", equalTo(0))
        .body("past_due.deals", equalTo(0));
  }

  @Test
  void shouldRefuseBadParametersAndMissingScopeWithProblems() {
    String token = token(COMPANIES.incrementAndGet(), false);
    get(token, "/api/v1/analytics/forecast?periods=0")
        .statusCode(422)
        .body("details[0].field", equalTo("periods"));
    get(token, "/api/v1/analytics/forecast?periods=37")
        .statusCode(422)
        .body("details[0].field", equalTo("periods"));
    get(token, "/api/v1/analytics/forecast?periods=three")
        .statusCode(422)
        .body("details[0].field", equalTo("periods"));
    get(token, "/api/v1/analytics/forecast?interval=year")
        .statusCode(422)
        .body("details[0].field", equalTo("interval"));
    get(token, "/api/v1/analytics/forecast?from=12/01/2026")
        .statusCode(422)
        .body("details[0].field", equalTo("from"));
    get(token, "/api/v1/analytics/pipeline?currency=dollars")
        .statusCode(422)
        .body("details[0].field", equalTo("currency"));
    get(token, "/api/v1/analytics/pipeline?pipeline_id=abc")
        .statusCode(422)
        .body("details[0].field", equalTo("pipeline_id"));
    get(token, "/api/v1/analytics/funnel?from=2026-12-05&to=2026-12-01")
        .statusCode(422)
        .body("details[0].field", equalTo("from"));
    String noScope = TestTokens.apiKey(COMPANIES.incrementAndGet(), false, "read:deals");
    get(noScope, "/api/v1/analytics/funnel").statusCode(403).body("code", equalTo("forbidden"));
  }
}
