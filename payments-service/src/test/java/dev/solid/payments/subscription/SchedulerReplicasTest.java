package dev.solid.payments.subscription;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.database;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.post;
import static dev.solid.payments.support.PaymentsApi.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Real-time renewals with several schedulers at once (replicas: the service's own tick plus four
 * concurrent runs): every due period is invoiced and charged exactly once.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class SchedulerReplicasTest {
  @Inject SubscriptionScheduler scheduler;

  @Test
  void concurrentSchedulersBillEachDuePeriodOnce() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long plan =
        post(token, "/api/v1/plans", "{\"name\":\"Pro\",\"amount\":2000,\"interval\":\"month\"}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(subscription(token, company, plan));
    }
    // The period ended a minute ago, as after a weekend with the service down.
    try (Connection db = database();
        PreparedStatement due =
            db.prepareStatement(
                "UPDATE payments.subscriptions SET billing_cycle_anchor = now() - interval '40 days',"
                    + " current_period_start = now() - interval '40 days', current_period_end ="
                    + " now() - interval '1 minute', next_action_at = now() - interval '1 minute'"
                    + " WHERE company_id = ?")) {
      due.setLong(1, company);
      assertThat(due.executeUpdate()).isEqualTo(40);
    }
    ExecutorService replicas = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(
            () -> scheduler.runDue(Instant.now(), 1000).await().atMost(Duration.ofSeconds(60)));
      }
      int ran = 0;
      for (Future<Integer> run : replicas.invokeAll(runs)) {
        ran += run.get();
      }
      assertThat(ran).isLessThanOrEqualTo(40);
    } finally {
      replicas.shutdownNow();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> cycleInvoices(company, "paid") == 40);
    assertThat(cycleInvoices(company, null)).isEqualTo(40);
    for (long id : ids) {
      var s = as(token).get("/api/v1/subscriptions/" + id).then().extract().jsonPath();
      assertThat(s.getString("status")).isEqualTo("active");
      assertThat(Instant.parse(s.getString("current_period_end"))).isAfter(Instant.now());
    }
  }

  private static int cycleInvoices(long company, String status) throws Exception {
    try (Connection db = database();
        PreparedStatement count =
            db.prepareStatement(
                "SELECT count(*) FROM payments.invoices WHERE company_id = ?"
                    + " AND billing_reason = 'subscription_cycle'"
                    + " AND (?::text IS NULL OR status = ?)")) {
      count.setLong(1, company);
      count.setString(2, status);
      count.setString(3, status);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
