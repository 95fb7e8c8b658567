package dev.solid.messaging.analytics;

import static dev.solid.messaging.analytics.AnalyticsFixtures.analyticsKey;
import static dev.solid.messaging.analytics.AnalyticsFixtures.createdAt;
import static dev.solid.messaging.analytics.AnalyticsFixtures.fail;
import static dev.solid.messaging.analytics.AnalyticsFixtures.sent;
import static dev.solid.messaging.analytics.AnalyticsFixtures.sql;
import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.assertProblem;
import static dev.solid.messaging.support.MessagingApi.awaitSql;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.telegramUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/analytics/messages} and {@code /accounts} against numbers worked out by hand
 * from a seeded company; zeros for empty periods; parameters; scope; tenancy and mode.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class MessageAnalyticsTest {

  private static JsonPath report(String token, String query) {
    return as(token)
        .get("/api/v1/analytics/messages" + (query.isEmpty() ? "" : "?" + query))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private record Seeded(long company, String key, long sms, long telegram) {}

  /**
   * sms: 2 sent on 2026-01-14, 1 failed on 2026-01-16; telegram: 1 sent on 2026-01-14 (at
   * midnight), 1 sent on 2026-02-02, 1 received on 2026-01-16 at 08:00 UTC.
   */
  private static Seeded seedJanuary() throws Exception {
    long company = newCompany();
    String key = analyticsKey(company, false);
    long sms = smsAccount(key, null);
    long telegram = telegramAccount(key, null);
    List<String> smsSent =
        List.of(
            sent(key, sms, "+18015551001"),
            sent(key, sms, "+18015551002"),
            sent(key, sms, "+18015551003"));
    String tgJan = sent(key, telegram, "@tess_" + company);
    String tgFeb = sent(key, telegram, "@tess_" + company);
    telegramUpdate(telegram, "tess_" + company, company, "hi there");
    awaitSql(
        "SELECT 1 FROM messaging.messages WHERE account_id = ? AND direction = 'inbound'",
        telegram);

    createdAt(smsSent.get(0), "2026-01-14T10:00:00Z");
    createdAt(smsSent.get(1), "2026-01-14T23:59:59Z");
    createdAt(smsSent.get(2), "2026-01-16T23:59:59Z");
    fail(smsSent.get(2), "twilio 21211: The 'To' number is not a valid phone number");
    createdAt(tgJan, "2026-01-14T00:00:00Z");
    createdAt(tgFeb, "2026-02-02T12:00:00Z");
    sql(
        "UPDATE messaging.messages SET created_at = '2026-01-16T08:00:00Z'"
            + " WHERE account_id = ? AND direction = 'inbound'",
        telegram);
    return new Seeded(company, key, sms, telegram);
  }

  @Test
  void shouldCountMessagesPerDayAndChannelWithZerosForEmptyDays() throws Exception {
    Seeded s = seedJanuary();

    JsonPath day = report(s.key(), "interval=day&from=2026-01-13&to=2026-01-16");
    assertThat(day.getString("object")).isEqualTo("message_report");
    assertThat(day.getString("interval")).isEqualTo("day");
    assertThat(day.getString("from")).isEqualTo("2026-01-13");
    assertThat(day.getString("to")).isEqualTo("2026-01-16");
    assertThat(day.getList("periods.start", String.class))
        .containsExactly(
            "2026-01-13T00:00:00Z",
            "2026-01-14T00:00:00Z",
            "2026-01-15T00:00:00Z",
            "2026-01-16T00:00:00Z");
    assertThat(day.getString("periods[3].end")).isEqualTo("2026-01-17T00:00:00Z");
    assertThat(day.getList("periods.sent", Long.class)).containsExactly(0L, 3L, 0L, 0L);
    assertThat(day.getList("periods.received", Long.class)).containsExactly(0L, 0L, 0L, 1L);
    assertThat(day.getList("periods.failed", Long.class)).containsExactly(0L, 0L, 0L, 1L);
    assertThat(day.getList("periods.channels.sms.sent", Long.class))
        .containsExactly(0L, 2L, 0L, 0L);
    assertThat(day.getList("periods.channels.telegram.sent", Long.class))
        .containsExactly(0L, 1L, 0L, 0L);
    assertThat(day.getList("periods.channels.sms.failed", Long.class))
        .containsExactly(0L, 0L, 0L, 1L);
    assertThat(day.getList("periods.channels.telegram.received", Long.class))
        .containsExactly(0L, 0L, 0L, 1L);
    // Every channel in every period, even an empty one.
    assertThat(day.getMap("periods[0].channels")).containsOnlyKeys("sms", "telegram");
    assertThat(day.getLong("totals.sent")).isEqualTo(3);
    assertThat(day.getLong("totals.received")).isEqualTo(1);
    assertThat(day.getLong("totals.failed")).isEqualTo(1);
    assertThat(day.getLong("totals.channels.sms.sent")).isEqualTo(2);
    assertThat(day.getLong("totals.channels.sms.failed")).isEqualTo(1);
    assertThat(day.getLong("totals.channels.telegram.sent")).isEqualTo(1);
    assertThat(day.getLong("totals.channels.telegram.received")).isEqualTo(1);
  }

  @Test
  void shouldCountWholeIsoWeeksAndMonthsInOrder() throws Exception {
    Seeded s = seedJanuary();

    // 2026-01-01 is a Thursday: its week starts on Monday 2025-12-29.
    JsonPath week = report(s.key(), "interval=week&from=2026-01-01&to=2026-01-31");
    assertThat(week.getList("periods.start", String.class))
        .containsExactly(
            "2025-12-29T00:00:00Z",
            "2026-01-05T00:00:00Z",
            "2026-01-12T00:00:00Z",
            "2026-01-19T00:00:00Z",
            "2026-01-26T00:00:00Z");
    assertThat(week.getList("periods.sent", Long.class)).containsExactly(0L, 0L, 3L, 0L, 0L);
    assertThat(week.getList("periods.received", Long.class)).containsExactly(0L, 0L, 1L, 0L, 0L);
    assertThat(week.getList("periods.failed", Long.class)).containsExactly(0L, 0L, 1L, 0L, 0L);

    JsonPath month = report(s.key(), "interval=month&from=2025-12-01&to=2026-02-28");
    assertThat(month.getList("periods.start", String.class))
        .containsExactly("2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    assertThat(month.getList("periods.sent", Long.class)).containsExactly(0L, 3L, 1L);
    assertThat(month.getList("periods.channels.telegram.sent", Long.class))
        .containsExactly(0L, 1L, 1L);
    assertThat(month.getLong("totals.sent")).isEqualTo(4);

    // No interval: month, over the last 30 days, in which nothing of this company was created.
    JsonPath recent = report(s.key(), "");
    assertThat(recent.getString("interval")).isEqualTo("month");
    assertThat(recent.getList("periods")).isNotEmpty();
    assertThat(recent.getLong("totals.sent")).isZero();
    assertThat(recent.getLong("totals.received")).isZero();
  }

  @Test
  void shouldReportEachAccountsTrafficCapUseAndTopFailureReasons() throws Exception {
    long company = newCompany();
    String key = analyticsKey(company, false);
    long telegram = telegramAccount(key, 10);
    long sms = smsAccount(key, 5);
    long idle = smsAccount(key, 7);
    List<String> tg =
        List.of(
            sent(key, telegram, "@ann_" + company),
            sent(key, telegram, "@ann_" + company),
            sent(key, telegram, "@ann_" + company));
    List<String> text =
        List.of(
            sent(key, sms, "+18015552001"),
            sent(key, sms, "+18015552002"),
            sent(key, sms, "+18015552003"),
            sent(key, sms, "+18015552004"));
    telegramUpdate(telegram, "ann_" + company, company, "one");
    telegramUpdate(telegram, "ann_" + company, company, "two");
    awaitSql(
        "SELECT 1 FROM messaging.messages WHERE account_id = ? AND direction = 'inbound'"
            + " HAVING count(*) = 2",
        telegram);
    fail(tg.get(0), "telegram 403: Forbidden: bot was blocked by the user");
    // Sent 40 days ago: out of the default range, while today's cap use still counts it.
    sql(
        "UPDATE messaging.messages SET created_at = now() - interval '40 days' WHERE id = ?",
        tg.get(2));
    fail(text.get(0), "twilio 21211: The 'To' number +18015552001 is not a valid phone number");
    fail(text.get(1), "twilio 21211: The 'To' number +18015552002 is not a valid phone number");
    fail(text.get(2), "provider_outcome_unknown");

    JsonPath report =
        as(key).get("/api/v1/analytics/accounts").then().statusCode(200).extract().jsonPath();
    assertThat(report.getString("object")).isEqualTo("account_report");
    assertThat(report.getBoolean("truncated")).isFalse();
    assertThat(report.getList("accounts.account_id", Long.class))
        .containsExactly(telegram, sms, idle);
    assertThat(report.getList("accounts.channel", String.class))
        .containsExactly("telegram", "sms", "sms");
    assertThat(report.getList("accounts.sender", String.class))
        .containsExactly("solid_bot", "+18015550000", "+18015550000");
    assertThat(report.getList("accounts.sent", Long.class)).containsExactly(1L, 1L, 0L);
    assertThat(report.getList("accounts.failed", Long.class)).containsExactly(1L, 3L, 0L);
    assertThat(report.getList("accounts.received", Long.class)).containsExactly(2L, 0L, 0L);
    assertThat(report.getList("accounts.used_today", Long.class)).containsExactly(3L, 4L, 0L);
    assertThat(report.getList("accounts.daily_cap", Long.class)).containsExactly(10L, 5L, 7L);
    assertThat(report.getList("accounts[0].failure_reasons.reason", String.class))
        .containsExactly("telegram 403");
    assertThat(report.getList("accounts[1].failure_reasons.reason", String.class))
        .containsExactly("twilio 21211", "provider_outcome_unknown");
    assertThat(report.getList("accounts[1].failure_reasons.count", Long.class))
        .containsExactly(2L, 1L);
    assertThat(report.getList("accounts[2].failure_reasons")).isEmpty();
    assertThat(report.getLong("totals.sent")).isEqualTo(2);
    assertThat(report.getLong("totals.failed")).isEqualTo(4);
    assertThat(report.getLong("totals.received")).isEqualTo(2);
    assertThat(report.getLong("totals.used_today")).isEqualTo(7);

    // A range around the old message only: that one send, no failures, no replies.
    String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(40).toString();
    JsonPath old =
        as(key)
            .get("/api/v1/analytics/accounts?from=" + day + "&to=" + day)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(old.getList("accounts.sent", Long.class)).containsExactly(1L, 0L, 0L);
    assertThat(old.getList("accounts.failed", Long.class)).containsExactly(0L, 0L, 0L);
    assertThat(old.getList("accounts.received", Long.class)).containsExactly(0L, 0L, 0L);
    assertThat(old.getList("accounts.used_today", Long.class)).containsExactly(3L, 4L, 0L);
  }

  @Test
  void shouldShowAnotherCompanyAndTheOtherModeNothing() throws Exception {
    Seeded s = seedJanuary();
    String query = "interval=month&from=2025-12-01&to=2026-02-28";
    String otherCompany = analyticsKey(newCompany(), false);
    String liveMode = analyticsKey(s.company(), true);
    for (String token : List.of(otherCompany, liveMode)) {
      JsonPath month = report(token, query);
      assertThat(month.getList("periods.sent", Long.class)).containsExactly(0L, 0L, 0L);
      assertThat(month.getLong("totals.sent")).isZero();
      assertThat(month.getLong("totals.received")).isZero();
      assertThat(month.getLong("totals.failed")).isZero();
      JsonPath accounts =
          as(token)
              .get("/api/v1/analytics/accounts?from=2026-01-01&to=2026-02-28")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(accounts.getList("accounts")).isEmpty();
      assertThat(accounts.getLong("totals.sent")).isZero();
    }
    // The seeding company itself sees its numbers through the same query.
    assertThat(report(s.key(), query).getLong("totals.sent")).isEqualTo(4);
  }

  @Test
  void shouldAnswer422ForBadParametersAnd403WithoutTheScope() {
    String key = analyticsKey(newCompany(), false);
    for (String bad :
        List.of(
            "/api/v1/analytics/messages?interval=hour",
            "/api/v1/analytics/messages?from=2026-13-01",
            "/api/v1/analytics/messages?from=1999-12-31",
            "/api/v1/analytics/messages?from=2026-02-01&to=2026-01-01",
            "/api/v1/analytics/messages?interval=day&from=2025-01-01&to=2026-01-02",
            "/api/v1/analytics/accounts?to=tomorrow",
            "/api/v1/analytics/accounts?from=2024-01-01&to=2026-01-01",
            "/api/v1/analytics/sequences?from=2026-03-02&to=2026-03-01",
            "/api/v1/analytics/sequences?from=2024-01-01&to=2026-01-01")) {
      assertProblem(as(key).get(bad).then(), 422, "validation_error");
    }
    // A year of days is the most: 366 periods are fine.
    as(key)
        .get("/api/v1/analytics/messages?interval=day&from=2024-01-01&to=2024-12-31")
        .then()
        .statusCode(200);
    as(key)
        .get("/api/v1/analytics/messages?interval=week&from=2020-01-01&to=2026-01-01")
        .then()
        .statusCode(200);

    long company = newCompany();
    String noAnalytics =
        TestTokens.apiKey(company, false, "read:messages", "write:messages", "manage:sequences");
    for (String report : List.of("messages", "accounts", "sequences")) {
      String body =
          as(noAnalytics)
              .get("/api/v1/analytics/" + report)
              .then()
              .statusCode(403)
              .contentType("application/problem+json")
              .extract()
              .asString();
      assertThat(body).contains("\"code\":\"forbidden\"").contains("read:analytics");
    }
  }
}
