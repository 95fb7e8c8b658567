package dev.solid.payments.analytics;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.order;
import static dev.solid.payments.support.PaymentsApi.plan;
import static dev.solid.payments.support.PaymentsApi.post;
import static dev.solid.payments.support.PaymentsApi.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The revenue report against numbers worked out by hand, zeros for empty periods, in order. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class RevenueTest {

  private static String token(long company) {
    return TestTokens.apiKey(
        company, false, "read:payments", "write:payments", "read:contacts", "read:analytics");
  }

  @Test
  void grossRefundsNetMrrAndChurnPerDay() {
    long company = newCompany();
    String token = token(company);
    for (long amount : List.of(10_000L, 2_500L)) {
      long id = order(token, contact(company, false), amount);
      post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\":\"pm_card_visa\"}")
          .statusCode(200);
    }
    long declined = order(token, contact(company, false), 99_999);
    post(
            token,
            "/api/v1/orders/" + declined + "/pay",
            "{\"payment_method\":\"pm_card_chargeDeclined\"}")
        .statusCode(402);
    long refunded = order(token, contact(company, false), 4_000);
    post(token, "/api/v1/orders/" + refunded + "/pay", "{\"payment_method\":\"pm_card_visa\"}")
        .statusCode(200);
    post(token, "/api/v1/orders/" + refunded + "/refunds", "{\"amount\":1500}").statusCode(201);
    long monthly = plan(token, "M", 3000, "month");
    long yearly = plan(token, "Y", 12000, "year");
    for (long plan : List.of(monthly, yearly, monthly)) {
      subscription(token, company, plan);
    }
    long canceled = subscription(token, company, monthly);
    post(token, "/api/v1/subscriptions/" + canceled + "/cancel", "{}").statusCode(200);

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonPath report =
        as(token)
            .get(
                "/api/v1/analytics/revenue?interval=day&from="
                    + today.minusDays(2)
                    + "&to="
                    + today)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getString("object")).isEqualTo("revenue_report");
    assertThat(report.getList("periods")).hasSize(3);
    assertThat(report.getList("periods.gross", Long.class)).element(0).isEqualTo(0L);
    assertThat(report.getList("periods.gross", Long.class)).element(1).isEqualTo(0L);
    // Orders 10,000 + 2,500 + 4,000, and the four subscriptions' first invoices 3 × 3,000 + 12,000.
    long gross = 10_000 + 2_500 + 4_000 + 3_000 * 3 + 12_000;
    assertThat(report.getLong("periods[2].gross")).isEqualTo(gross);
    assertThat(report.getLong("periods[2].refunds")).isEqualTo(1_500);
    assertThat(report.getLong("periods[2].net")).isEqualTo(gross - 1_500);
    // Running at the end of today: two monthly (3,000) and one yearly (12,000 / 12).
    assertThat(report.getLong("periods[2].mrr")).isEqualTo(3_000 * 2 + 1_000);
    assertThat(report.getLong("periods[2].active_subscriptions")).isEqualTo(3);
    assertThat(report.getLong("periods[2].churned_subscriptions")).isEqualTo(1);
    assertThat(report.getLong("totals.net")).isEqualTo(gross - 1_500);
    assertThat(report.getString("periods[0].start")).isEqualTo(today.minusDays(2) + "T00:00:00Z");

    JsonPath months =
        as(token).get("/api/v1/analytics/revenue").then().statusCode(200).extract().jsonPath();
    assertThat(months.getString("interval")).isEqualTo("month");
    assertThat(months.getLong("totals.gross")).isEqualTo(gross);

    // Another company, and the other mode, see none of it.
    String stranger = token(newCompany());
    assertThat(
            as(stranger)
                .get("/api/v1/analytics/revenue?interval=day&from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("periods[0].gross"))
        .isZero();
    String live = TestTokens.apiKey(company, true, "read:analytics");
    assertThat(
            as(live)
                .get("/api/v1/analytics/revenue?interval=day&from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("periods[0].gross"))
        .isZero();
  }

  @Test
  void badParametersAre422AndTheScopeIsNeeded() {
    long company = newCompany();
    String token = token(company);
    for (String query :
        List.of(
            "interval=hour",
            "from=yesterday",
            "from=2026-12-10&to=2026-12-01",
            "interval=day&from=2024-01-01&to=2026-01-01",
            "currency=zzz")) {
      assertProblem(
          as(token).get("/api/v1/analytics/revenue?" + query).then().extract(),
          422,
          "validation_error");
    }
    String payments = TestTokens.apiKey(company, false, "read:payments");
    assertProblem(as(payments).get("/api/v1/analytics/revenue").then().extract(), 403, "forbidden");
    assertThat(
            as(token)
                .get("/api/v1/analytics/revenue?interval=week&from=2026-11-01&to=2026-11-30")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("periods"))
        .hasSize(6);
  }
}
