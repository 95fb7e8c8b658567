package dev.solid.messaging.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The reports' own statements, planned by PostgreSQL: each reads messages and enrollments through a
 * range on the analytics indexes of V4, never by scanning the table. On a test database of a few
 * rows the planner would rightly prefer a sequential scan, so it is switched off for the plan: what
 * is asked is whether an index can serve the range at all.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class AnalyticsIndexTest {

  private static String plan(String sql, String args) throws Exception {
    try (Connection c = MessagingApi.jdbc();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SET LOCAL enable_seqscan = off");
      st.execute("PREPARE report AS " + sql);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE report(" + args + ")")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      c.rollback();
      return plan.toString();
    }
  }

  private static final String RANGE = "7, false, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'";

  @Test
  void shouldReadSequenceStatsThroughTheCreatedAtIndexes() throws Exception {
    String plan = plan(SequenceAnalytics.REPORT, RANGE + ", 1001");
    assertThat(plan)
        .contains("enrollments_created_idx")
        .contains("messages_enrollment_created_idx")
        .doesNotContain("Seq Scan on messages")
        .doesNotContain("Seq Scan on enrollments");
  }

  @Test
  void shouldReadAccountStatsThroughTheCreatedAtIndex() throws Exception {
    assertThat(plan(AccountAnalytics.REPORT, RANGE + ", '2026-01-31', 1001"))
        .contains("messages_created_idx")
        .doesNotContain("Seq Scan on messages");
    assertThat(plan(AccountAnalytics.REASONS, RANGE + ", 5"))
        .contains("messages_created_idx")
        .doesNotContain("Seq Scan on messages");
  }

  @Test
  void shouldReadMessagePeriodsThroughTheCreatedAtIndex() throws Exception {
    String plan =
        plan(
            MessageAnalytics.REPORT,
            "7, false, 'day', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z',"
                + " '{sms,telegram}'");
    assertThat(plan).contains("messages_created_idx").doesNotContain("Seq Scan on messages");
  }
}
