package dev.solid.payments.reconcile;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.database;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.order;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.common.caller.Tenant;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Money never drifts: after a randomized burst of concurrent pays (good and declining cards),
 * refunds and plan changes, every running total equals the rows it sums. The same checks report a
 * total that was tampered with, so they can fail.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class ReconciliationTest {
  private static final List<String> CARDS =
      List.of("pm_card_visa", "pm_card_visa", "pm_card_chargeDeclined", "4000000000009995");

  @Inject Pool pool;
  @Inject Reconciliation reconciliation;

  private List<String> discrepancies(long company) {
    return pool.withConnection(db -> reconciliation.discrepancies(db, new Tenant(company, false)))
        .await()
        .atMost(Duration.ofSeconds(30));
  }

  @Test
  void aRandomizedBurstOfPaysRefundsAndPlanChangesLeavesTheBooksBalanced() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long company = newCompany();
    String token = key(company, false);
    post(token, "/api/v1/commission-plans", "{\"sales_rep\":\"rep\",\"rate_bps\":1250}")
        .statusCode(201);
    List<Long> orders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long amount = 1000 + random.nextInt(90_000);
      orders.add(
          post(
                  token,
                  "/api/v1/orders",
                  "{\"contact_id\":"
                      + contact(company, false)
                      + ",\"amount\":"
                      + amount
                      + ",\"sales_rep\":\"rep\"}")
              .statusCode(201)
              .extract()
              .jsonPath()
              .getLong("id"));
    }
    List<Long> plans = new ArrayList<>();
    for (long amount : List.of(1500L, 2900L, 9900L)) {
      plans.add(
          post(
                  token,
                  "/api/v1/plans",
                  "{\"name\":\"P" + amount + "\",\"amount\":" + amount + ",\"interval\":\"month\"}")
              .statusCode(201)
              .extract()
              .jsonPath()
              .getLong("id"));
    }
    Instant start = Instant.parse("2027-03-01T00:00:00Z");
    long clock =
        post(
                token,
                "/api/v1/test_helpers/test_clocks",
                "{\"frozen_time\":" + start.getEpochSecond() + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    List<Long> subscriptions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      subscriptions.add(
          post(
                  token,
                  "/api/v1/subscriptions",
                  "{\"contact_id\":"
                      + contact(company, false)
                      + ",\"plan_id\":"
                      + plans.get(i % 3)
                      + ",\"payment_method\":\"pm_card_visa\","
                      + "\"test_clock\":"
                      + clock
                      + "}")
              .statusCode(201)
              .extract()
              .jsonPath()
              .getLong("id"));
    }

    List<Callable<Integer>> burst = new ArrayList<>();
    for (long id : orders) {
      for (int i = 0; i < 3; i++) {
        String card = CARDS.get(random.nextInt(CARDS.size()));
        burst.add(
            () ->
                post(
                        token,
                        "/api/v1/orders/" + id + "/pay",
                        "{\"payment_method\":\"" + card + "\"}")
                    .extract()
                    .statusCode());
      }
      for (int i = 0; i < 4; i++) {
        String body =
            random.nextBoolean() ? "{}" : "{\"amount\":" + (1 + random.nextInt(40_000)) + "}";
        burst.add(
            () -> post(token, "/api/v1/orders/" + id + "/refunds", body).extract().statusCode());
      }
    }
    for (long id : subscriptions) {
      for (int i = 0; i < 3; i++) {
        long plan = plans.get(random.nextInt(plans.size()));
        String behaviour =
            List.of("create_prorations", "always_invoice", "none").get(random.nextInt(3));
        burst.add(
            () ->
                as(token)
                    .contentType(ContentType.JSON)
                    .body("{\"plan_id\":" + plan + ",\"proration_behavior\":\"" + behaviour + "\"}")
                    .patch("/api/v1/subscriptions/" + id)
                    .then()
                    .extract()
                    .statusCode());
      }
    }
    Collections.shuffle(burst, random);
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      for (Future<Integer> answer : threads.invokeAll(burst)) {
        // Declines (402), races lost (409), refunds of unpaid orders and over-refunds (409/422).
        assertThat(answer.get()).as("seed %d", seed).isIn(200, 201, 402, 409, 422);
      }
    } finally {
      threads.shutdownNow();
    }
    // Two renewals after the changes, with their prorations.
    post(
            token,
            "/api/v1/test_helpers/test_clocks/" + clock + "/advance",
            "{\"frozen_time\":" + Instant.parse("2027-05-02T00:00:00Z").getEpochSecond() + "}")
        .statusCode(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "ready"
                    .equals(
                        as(token)
                            .get("/api/v1/test_helpers/test_clocks/" + clock)
                            .then()
                            .extract()
                            .jsonPath()
                            .getString("status")));

    assertThat(discrepancies(company)).as("seed %d", seed).isEmpty();
    // And through the API: no order refunded more than it was paid.
    for (long id : orders) {
      var order = as(token).get("/api/v1/orders/" + id).then().statusCode(200).extract().jsonPath();
      assertThat(order.getLong("amount_refunded"))
          .isLessThanOrEqualTo(order.getLong("amount_paid"));
      assertThat(order.getList("payments.findAll { it.status == 'succeeded' }"))
          .hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void aTamperedTotalIsReported() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long id = order(token, contact(company, false), 5000);
    post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\":\"pm_card_visa\"}")
        .statusCode(200);
    assertThat(discrepancies(company)).isEmpty();
    try (Connection db = database();
        PreparedStatement tamper =
            db.prepareStatement("UPDATE payments.orders SET amount_paid = 4999 WHERE id = ?")) {
      tamper.setLong(1, id);
      tamper.executeUpdate();
    }
    assertThat(discrepancies(company))
        .containsExactly("order " + id + ": amount_paid 4999 but succeeded payments sum to 5000");
  }
}
