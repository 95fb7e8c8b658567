package dev.solid.payments.commission;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commissions follow the money: earned when paid, reversed by refunds, approved, paid out. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class CommissionTest {

  private static long paidOrder(String token, long company, long amount, String rep) {
    long id =
        post(
                token,
                "/api/v1/orders",
                "{\"contact_id\":"
                    + contact(company, false)
                    + ",\"amount\":"
                    + amount
                    + (rep == null ? "" : ",\"sales_rep\":\"" + rep + "\"")
                    + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    post(token, "/api/v1/orders/" + id + "/pay", "{\"payment_method\":\"pm_card_visa\"}")
        .statusCode(200);
    return id;
  }

  private static JsonPath commissionOf(String token, long order) {
    JsonPath list =
        as(token).get("/api/v1/commissions?limit=200").then().statusCode(200).extract().jsonPath();
    int index = list.getList("items.source_id", Long.class).indexOf(order);
    assertThat(index).as("a commission of order %d", order).isNotNegative();
    return new JsonPath(
        as(token).get("/api/v1/commissions/" + list.getLong("items[" + index + "].id")).asString());
  }

  @Test
  void aPaidOrderOfARepWithAPlanEarnsItsRate() {
    long company = newCompany();
    String token = key(company, false);
    post(
            token,
            "/api/v1/commission-plans",
            "{\"sales_rep\":\"dana@acme.test\",\"rate_bps\":1250,\"basis\":\"paid_amount\"}")
        .statusCode(201)
        .body("object", equalTo("commission_plan"))
        .body("rate_bps", equalTo(1250));
    long order = paidOrder(token, company, 10_001, "dana@acme.test");
    JsonPath c = commissionOf(token, order);
    assertThat(c.getString("object")).isEqualTo("commission");
    assertThat(c.getString("status")).isEqualTo("pending");
    assertThat(c.getString("source_type")).isEqualTo("order");
    assertThat(c.getLong("basis_amount")).isEqualTo(10_001);
    // 10,001 × 12.5% = 1250.125 → 1250.
    assertThat(c.getLong("amount")).isEqualTo(1250);
    // No plan, no commission; no rep, no commission.
    paidOrder(token, company, 5000, "nobody@acme.test");
    paidOrder(token, company, 5000, null);
    as(token).get("/api/v1/commissions").then().body("total", equalTo(1));
    assertThat(events(company)).containsOnlyOnce("commission.created");
  }

  @Test
  void refundsReverseInProportionAndAFullRefundReversesAll() {
    long company = newCompany();
    String token = key(company, false);
    post(token, "/api/v1/commission-plans", "{\"sales_rep\":\"rep\",\"rate_bps\":1000}")
        .statusCode(201);
    long order = paidOrder(token, company, 10_000, "rep");
    post(token, "/api/v1/orders/" + order + "/refunds", "{\"amount\":2500}").statusCode(201);
    JsonPath partly = commissionOf(token, order);
    assertThat(partly.getLong("amount")).isEqualTo(1000);
    assertThat(partly.getLong("amount_reversed")).isEqualTo(250);
    assertThat(partly.getLong("net_amount")).isEqualTo(750);
    assertThat(partly.getString("status")).isEqualTo("pending");
    post(token, "/api/v1/orders/" + order + "/refunds", "{}").statusCode(201);
    JsonPath reversed = commissionOf(token, order);
    assertThat(reversed.getLong("amount_reversed")).isEqualTo(1000);
    assertThat(reversed.getString("status")).isEqualTo("reversed");
    List<String> types = events(company);
    assertThat(types.stream().filter("commission.reversed"::equals).count()).isEqualTo(2);
  }

  @Test
  void approveThenMarkPaidAndEveryOtherMoveIsRefused() {
    long company = newCompany();
    String token = key(company, false);
    post(token, "/api/v1/commission-plans", "{\"sales_rep\":\"rep\",\"rate_bps\":500}")
        .statusCode(201);
    long id = commissionOf(token, paidOrder(token, company, 2000, "rep")).getLong("id");
    assertProblem(
        post(token, "/api/v1/commissions/" + id + "/mark_paid", "{}").extract(),
        409,
        "invalid_state");
    post(token, "/api/v1/commissions/" + id + "/approve", "{}")
        .statusCode(200)
        .body("status", equalTo("approved"));
    assertProblem(
        post(token, "/api/v1/commissions/" + id + "/approve", "{}").extract(),
        409,
        "invalid_state");
    post(token, "/api/v1/commissions/" + id + "/mark_paid", "{}")
        .statusCode(200)
        .body("status", equalTo("paid"));
    as(token).get("/api/v1/commissions?status=paid&sales_rep=rep").then().body("total", equalTo(1));
    as(token).get("/api/v1/commissions?status=approved").then().body("total", equalTo(0));
    assertProblem(
        as(token).get("/api/v1/commissions?status=owed").then().extract(), 422, "validation_error");
    String stranger = key(newCompany(), false);
    String live = key(company, true);
    for (String other : List.of(stranger, live)) {
      as(other).get("/api/v1/commissions/" + id).then().statusCode(404);
      post(other, "/api/v1/commissions/" + id + "/approve", "{}").statusCode(404);
      as(other).get("/api/v1/commissions").then().body("total", equalTo(0));
      as(other).get("/api/v1/commission-plans").then().body("total", equalTo(0));
    }
  }

  @Test
  void plansAreValidatedAndReplacedPerRep() {
    long company = newCompany();
    String token = key(company, false);
    for (String body :
        List.of(
            "{\"sales_rep\":\"rep\",\"rate_bps\":0}",
            "{\"sales_rep\":\"rep\",\"rate_bps\":10001}",
            "{\"sales_rep\":\"\",\"rate_bps\":100}",
            "{\"sales_rep\":\"rep\",\"rate_bps\":100,\"basis\":\"list_price\"}")) {
      assertProblem(
          post(token, "/api/v1/commission-plans", body).extract(), 422, "validation_error");
    }
    long first =
        post(token, "/api/v1/commission-plans", "{\"sales_rep\":\"rep\",\"rate_bps\":100}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long second =
        post(token, "/api/v1/commission-plans", "{\"sales_rep\":\"rep\",\"rate_bps\":300}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    assertThat(second).isEqualTo(first);
    as(token).get("/api/v1/commission-plans/" + first).then().body("rate_bps", equalTo(300));
    as(token).delete("/api/v1/commission-plans/" + first).then().statusCode(204);
    as(token).get("/api/v1/commission-plans/" + first).then().statusCode(404);
  }
}
