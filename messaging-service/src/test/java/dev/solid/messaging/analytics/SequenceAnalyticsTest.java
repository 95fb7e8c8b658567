package dev.solid.messaging.analytics;

import static dev.solid.messaging.analytics.AnalyticsFixtures.analyticsKey;
import static dev.solid.messaging.analytics.AnalyticsFixtures.fail;
import static dev.solid.messaging.analytics.AnalyticsFixtures.sql;
import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.awaitSql;
import static dev.solid.messaging.support.MessagingApi.crmContact;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.telegramUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/analytics/sequences} against numbers worked out by hand: five contacts go (and
 * one that cannot be reached) go through a two-step sequence and end in each state; a second
 * sequence has nobody.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class SequenceAnalyticsTest {

  private static JsonPath report(String token, String query) {
    return as(token)
        .get("/api/v1/analytics/sequences" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static long sequence(String owner, String name, long account) {
    return post(
            owner,
            "/api/v1/sequences",
            "{\"name\":\""
                + name
                + "\",\"steps\":[{\"delay_seconds\":1,\"account_id\":"
                + account
                + ",\"template\":\"Hi {first_name}\"},{\"delay_seconds\":3600,\"account_id\":"
                + account
                + ",\"template\":\"Still there?\"}]}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static long enroll(String key, long sequence, long contact) {
    return post(
            key, "/api/v1/sequences/" + sequence + "/enroll", "{\"contact_id\":" + contact + "}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static String stepMessage(long enrollment) throws Exception {
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM messaging.messages WHERE enrollment_id = ? ORDER BY seq LIMIT 1")) {
      ps.setLong(1, enrollment);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Test
  void shouldCountEachSequencesCohortItsStatesRepliesAndStepMessages() throws Exception {
    long company = newCompany();
    String key = analyticsKey(company, false);
    String owner =
        TestTokens.owner(
            company, false, Set.of("read:messages", "write:messages", "manage:sequences"));
    long account = telegramAccount(key, null);
    long onboarding = sequence(owner, "Onboarding", account);
    long idle = sequence(owner, "Win-back", account);
    List<Long> contacts = new ArrayList<>();
    List<Long> enrollments = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long contact =
          crmContact(
              company, false, Map.of("username", "drip" + i + "_" + company, "first_name", "D"));
      contacts.add(contact);
      enrollments.add(enroll(key, onboarding, contact));
    }
    // 5 has no Telegram address: stopped at its first step, not by a reply, nothing sent.
    long unreachable =
        crmContact(company, false, Map.of("phone", "+18015553000", "first_name", "P"));
    long stoppedEarly = enroll(key, onboarding, unreachable);
    awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND stop_reason = 'contact_has_no_username'",
        stoppedEarly);
    // Every first step goes out after its second and is delivered (test mode: logged, sent).
    awaitSql(
        "SELECT 1 FROM messaging.messages m JOIN messaging.enrollments e ON e.id = m.enrollment_id"
            + " WHERE e.sequence_id = ? AND m.status = 'sent' HAVING count(*) = 5",
        onboarding);
    awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE sequence_id = ? AND next_step = 1"
            + " HAVING count(*) = 5",
        onboarding);

    // 0 replies: stopped by reply. 1 paused. 2 active, its message failed. 3 completed.
    telegramUpdate(account, "drip0_" + company, company * 10, "stop please");
    awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND stop_reason = 'replied'",
        enrollments.get(0));
    post(key, "/api/v1/enrollments/" + enrollments.get(1) + "/pause", "").statusCode(200);
    fail(stepMessage(enrollments.get(2)), "telegram 403: Forbidden: bot was blocked by the user");
    sql("UPDATE messaging.enrollments SET next_step_at = now() WHERE id = ?", enrollments.get(3));
    awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND status = 'completed'",
        enrollments.get(3));
    awaitSql(
        "SELECT 1 FROM messaging.messages WHERE enrollment_id = ? AND status = 'sent'"
            + " HAVING count(*) = 2",
        enrollments.get(3));
    // 4 enrolled 40 days ago, its first step sent then: outside the default range.
    sql(
        "UPDATE messaging.enrollments SET created_at = now() - interval '40 days' WHERE id = ?",
        enrollments.get(4));
    sql(
        "UPDATE messaging.messages SET created_at = now() - interval '40 days'"
            + " WHERE enrollment_id = ?",
        enrollments.get(4));

    JsonPath recent = report(key, "");
    assertThat(recent.getString("object")).isEqualTo("sequence_report");
    assertThat(recent.getString("to")).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(recent.getBoolean("truncated")).isFalse();
    assertThat(recent.getList("sequences.sequence_id", Long.class))
        .containsExactly(onboarding, idle);
    assertThat(recent.getList("sequences.name", String.class))
        .containsExactly("Onboarding", "Win-back");
    assertThat(recent.getList("sequences.enrolled", Long.class)).containsExactly(5L, 0L);
    assertThat(recent.getList("sequences.active", Long.class)).containsExactly(1L, 0L);
    assertThat(recent.getList("sequences.paused", Long.class)).containsExactly(1L, 0L);
    assertThat(recent.getList("sequences.completed", Long.class)).containsExactly(1L, 0L);
    assertThat(recent.getList("sequences.stopped", Long.class)).containsExactly(2L, 0L);
    assertThat(recent.getList("sequences.stopped_by_reply", Long.class)).containsExactly(1L, 0L);
    assertThat(recent.getList("sequences.messages_sent", Long.class)).containsExactly(4L, 0L);
    assertThat(recent.getList("sequences.messages_failed", Long.class)).containsExactly(1L, 0L);
    // 1 of 5, to 4 places; 0 for a sequence nobody joined.
    String body = as(key).get("/api/v1/analytics/sequences").then().extract().asString();
    assertThat(body).contains("\"reply_rate\":0.2000").contains("\"reply_rate\":0.0000");
    assertThat(recent.getLong("totals.enrolled")).isEqualTo(5);
    assertThat(recent.getLong("totals.stopped")).isEqualTo(2);
    assertThat(recent.getDouble("totals.reply_rate")).isEqualTo(0.2);
    assertThat(recent.getLong("totals.messages_sent")).isEqualTo(4);

    // From 45 days ago the old enrollment is in: 1 reply of 6, rounded half up.
    String from = LocalDate.now(ZoneOffset.UTC).minusDays(45).toString();
    JsonPath wide = report(key, "?from=" + from);
    assertThat(wide.getList("sequences.enrolled", Long.class)).containsExactly(6L, 0L);
    assertThat(wide.getList("sequences.active", Long.class)).containsExactly(2L, 0L);
    assertThat(wide.getList("sequences.messages_sent", Long.class)).containsExactly(5L, 0L);
    assertThat(wide.getDouble("sequences[0].reply_rate")).isEqualTo(0.1667);

    // Another company and the other mode see no sequence at all.
    for (String other : List.of(analyticsKey(newCompany(), false), analyticsKey(company, true))) {
      JsonPath none = report(other, "?from=" + from);
      assertThat(none.getList("sequences")).isEmpty();
      assertThat(none.getLong("totals.enrolled")).isZero();
    }
  }
}
