package dev.solid.payments.subscription;

import static dev.solid.payments.support.PaymentsApi.as;
import static dev.solid.payments.support.PaymentsApi.assertProblem;
import static dev.solid.payments.support.PaymentsApi.contact;
import static dev.solid.payments.support.PaymentsApi.events;
import static dev.solid.payments.support.PaymentsApi.key;
import static dev.solid.payments.support.PaymentsApi.newCompany;
import static dev.solid.payments.support.PaymentsApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.payments.support.StandInsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions driven by test clocks through trial, renewals, dunning and cancellation, with
 * proration checked against amounts computed by hand.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(StandInsResource.class)
class SubscriptionTest {
  /** 2027-01-31T00:00:00Z: a month-end anchor, so renewals fall on Feb 28 and Mar 31. */
  private static final Instant T0 = Instant.parse("2027-01-31T00:00:00Z");

  private record Tenant(long company, String token, long contact) {}

  private static Tenant tenant() {
    long company = newCompany();
    return new Tenant(company, key(company, false), contact(company, false));
  }

  private static long plan(Tenant t, String name, long amount, String interval) {
    return post(
            t.token(),
            "/api/v1/plans",
            "{\"name\":\""
                + name
                + "\",\"amount\":"
                + amount
                + ",\"interval\":\""
                + interval
                + "\"}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static long clock(Tenant t, Instant at) {
    return post(
            t.token(),
            "/api/v1/test_helpers/test_clocks",
            "{\"frozen_time\":" + at.getEpochSecond() + "}")
        .statusCode(201)
        .body("status", equalTo("ready"))
        .body("frozen_time", equalTo((int) at.getEpochSecond()))
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** Advances the clock and waits until every due transition ran. */
  private static void advance(Tenant t, long clock, Instant to) {
    post(
            t.token(),
            "/api/v1/test_helpers/test_clocks/" + clock + "/advance",
            "{\"frozen_time\":" + to.getEpochSecond() + "}")
        .statusCode(200)
        .body("status", equalTo("advancing"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "ready"
                    .equals(
                        as(t.token())
                            .get("/api/v1/test_helpers/test_clocks/" + clock)
                            .then()
                            .extract()
                            .jsonPath()
                            .getString("status")));
    as(t.token())
        .get("/api/v1/test_helpers/test_clocks/" + clock)
        .then()
        .body("frozen_time", equalTo((int) to.getEpochSecond()));
  }

  private static JsonPath subscribe(Tenant t, String body) {
    return post(t.token(), "/api/v1/subscriptions", body).statusCode(201).extract().jsonPath();
  }

  private static JsonPath subscription(Tenant t, long id) {
    return as(t.token())
        .get("/api/v1/subscriptions/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath invoices(Tenant t, long subscription) {
    return as(t.token())
        .get("/api/v1/invoices?limit=200&subscription_id=" + subscription)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void plansAreCreatedListedAndArchived() {
    Tenant t = tenant();
    long id = plan(t, "Pro", 4900, "month");
    as(t.token())
        .get("/api/v1/plans/" + id)
        .then()
        .statusCode(200)
        .body("object", equalTo("plan"))
        .body("currency", equalTo("usd"))
        .body("active", equalTo(true));
    assertProblem(
        post(t.token(), "/api/v1/plans", "{\"name\":\"X\",\"amount\":-5,\"interval\":\"month\"}")
            .extract(),
        422,
        "validation_error");
    assertProblem(
        post(t.token(), "/api/v1/plans", "{\"name\":\"X\",\"amount\":5,\"interval\":\"week\"}")
            .extract(),
        422,
        "validation_error");
    as(t.token())
        .contentType(ContentType.JSON)
        .body("{\"active\":false}")
        .patch("/api/v1/plans/" + id)
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
    assertProblem(
        post(
                t.token(),
                "/api/v1/subscriptions",
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + id
                    + ",\"payment_method\":\"pm_card_visa\"}")
            .extract(),
        422,
        "validation_error");
    as(t.token()).get("/api/v1/plans?active=false").then().body("total", equalTo(1));
    as(key(newCompany(), false)).get("/api/v1/plans/" + id).then().statusCode(404);
  }

  @Test
  void withoutTrialTheFirstInvoiceIsChargedAtOnce() {
    Tenant t = tenant();
    long plan = plan(t, "Pro", 4900, "month");
    long clock = clock(t, T0);
    JsonPath s =
        subscribe(
            t,
            "{\"contact_id\":"
                + t.contact()
                + ",\"plan_id\":"
                + plan
                + ",\"payment_method\":\"4242424242424242\",\"test_clock\":"
                + clock
                + "}");
    assertThat(s.getString("status")).isEqualTo("active");
    assertThat(s.getString("current_period_start")).isEqualTo("2027-01-31T00:00:00Z");
    assertThat(s.getString("current_period_end")).isEqualTo("2027-02-28T00:00:00Z");
    JsonPath inv = invoices(t, s.getLong("id"));
    assertThat(inv.getInt("total")).isEqualTo(1);
    assertThat(inv.getString("items[0].status")).isEqualTo("paid");
    assertThat(inv.getLong("items[0].total")).isEqualTo(4900);
    assertThat(events(t.company()))
        .contains("subscription.created", "invoice.finalized", "invoice.paid");
  }

  @Test
  void aFailingFirstChargeIsIncompleteThenExpiresAfter23Hours() {
    Tenant t = tenant();
    long plan = plan(t, "Pro", 4900, "month");
    long clock = clock(t, T0);
    JsonPath s =
        subscribe(
            t,
            "{\"contact_id\":"
                + t.contact()
                + ",\"plan_id\":"
                + plan
                + ",\"payment_method\":\"4000000000000341\",\"test_clock\":"
                + clock
                + "}");
    assertThat(s.getString("status")).isEqualTo("incomplete");
    advance(t, clock, T0.plus(Duration.ofHours(22)));
    assertThat(subscription(t, s.getLong("id")).getString("status")).isEqualTo("incomplete");
    advance(t, clock, T0.plus(Duration.ofHours(24)));
    assertThat(subscription(t, s.getLong("id")).getString("status"))
        .isEqualTo("incomplete_expired");
    assertThat(invoices(t, s.getLong("id")).getString("items[0].status")).isEqualTo("void");
  }

  @Test
  void trialThenThreeRenewalsOnCalendarMonths() {
    Tenant t = tenant();
    long plan = plan(t, "Pro", 4900, "month");
    long clock = clock(t, T0);
    JsonPath s =
        subscribe(
            t,
            "{\"contact_id\":"
                + t.contact()
                + ",\"plan_id\":"
                + plan
                + ",\"payment_method\":\"pm_card_visa\",\"trial_days\":14,\"test_clock\":"
                + clock
                + "}");
    long id = s.getLong("id");
    assertThat(s.getString("status")).isEqualTo("trialing");
    assertThat(s.getString("trial_end")).isEqualTo("2027-02-14T00:00:00Z");
    assertThat(invoices(t, id).getInt("total")).isZero();
    advance(t, clock, Instant.parse("2027-02-12T00:00:00Z"));
    assertThat(events(t.company())).contains("subscription.trial_will_end");
    assertThat(subscription(t, id).getString("status")).isEqualTo("trialing");
    advance(t, clock, Instant.parse("2027-02-14T00:00:01Z"));
    JsonPath active = subscription(t, id);
    assertThat(active.getString("status")).isEqualTo("active");
    assertThat(active.getString("current_period_end")).isEqualTo("2027-03-14T00:00:00Z");
    // Three renewals: Mar 14, Apr 14, May 14, in one advance, in time order.
    advance(t, clock, Instant.parse("2027-05-20T00:00:00Z"));
    JsonPath renewed = subscription(t, id);
    assertThat(renewed.getString("status")).isEqualTo("active");
    assertThat(renewed.getString("current_period_start")).isEqualTo("2027-05-14T00:00:00Z");
    assertThat(renewed.getString("current_period_end")).isEqualTo("2027-06-14T00:00:00Z");
    JsonPath inv = invoices(t, id);
    assertThat(inv.getInt("total")).isEqualTo(4);
    assertThat(inv.getList("items.status")).containsOnly("paid");
    assertThat(inv.getList("items.total", Long.class)).containsOnly(4900L);
    assertThat(events(t.company()).stream().filter("subscription.renewed"::equals).count())
        .isEqualTo(4);
  }

  @Test
  void aFailingRenewalIsRetriedThreeTimesOverSevenDaysThenCanceled() {
    Tenant t = tenant();
    long plan = plan(t, "Pro", 4900, "month");
    long clock = clock(t, T0);
    JsonPath s =
        subscribe(
            t,
            "{\"contact_id\":"
                + t.contact()
                + ",\"plan_id\":"
                + plan
                + ",\"payment_method\":\"pm_card_chargeCustomerFail\",\"trial_days\":1,"
                + "\"test_clock\":"
                + clock
                + "}");
    long id = s.getLong("id");
    advance(t, clock, T0.plus(Duration.ofDays(1)).plusSeconds(1));
    JsonPath pastDue = subscription(t, id);
    assertThat(pastDue.getString("status")).isEqualTo("past_due");
    assertThat(pastDue.getString("next_payment_attempt")).isEqualTo("2027-02-02T00:00:00Z");
    advance(t, clock, T0.plus(Duration.ofDays(3)));
    assertThat(subscription(t, id).getInt("dunning_attempts")).isEqualTo(1);
    assertThat(subscription(t, id).getString("status")).isEqualTo("past_due");
    advance(t, clock, T0.plus(Duration.ofDays(8)).plusSeconds(1));
    JsonPath canceled = subscription(t, id);
    assertThat(canceled.getString("status")).isEqualTo("canceled");
    assertThat(canceled.getInt("dunning_attempts")).isEqualTo(3);
    assertThat(canceled.getString("ended_at")).isEqualTo("2027-02-08T00:00:00Z");
    assertThat(invoices(t, id).getString("items[0].status")).isEqualTo("uncollectible");
    List<String> types = events(t.company());
    assertThat(types).contains("subscription.past_due", "subscription.canceled");
    assertThat(types.stream().filter("invoice.payment_failed"::equals).count()).isEqualTo(4);
  }

  @Test
  void dunningCanEndUnpaidAndPayingTheInvoiceByHandReactivates() {
    Tenant t = tenant();
    long plan = plan(t, "Pro", 4900, "month");
    long clock = clock(t, T0);
    long id =
        subscribe(
                t,
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + plan
                    + ",\"payment_method\":\"pm_card_chargeCustomerFail\",\"trial_days\":1,"
                    + "\"dunning_final_status\":\"unpaid\",\"test_clock\":"
                    + clock
                    + "}")
            .getLong("id");
    advance(t, clock, T0.plus(Duration.ofDays(1)).plusSeconds(1));
    long invoice = subscription(t, id).getLong("latest_invoice_id");
    post(t.token(), "/api/v1/invoices/" + invoice + "/pay", "{\"payment_method\":\"pm_card_visa\"}")
        .statusCode(200)
        .body("status", equalTo("paid"));
    assertThat(subscription(t, id).getString("status")).isEqualTo("active");
    long other =
        subscribe(
                t,
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + plan
                    + ",\"payment_method\":\"pm_card_chargeCustomerFail\",\"trial_days\":1,"
                    + "\"dunning_final_status\":\"unpaid\",\"test_clock\":"
                    + clock
                    + "}")
            .getLong("id");
    advance(t, clock, T0.plus(Duration.ofDays(12)));
    assertThat(subscription(t, other).getString("status")).isEqualTo("unpaid");
  }

  @Test
  void upgradingHalfwayWithAlwaysInvoiceChargesTheProrationNow() {
    Tenant t = tenant();
    long basic = plan(t, "Basic", 1000, "month");
    long pro = plan(t, "Pro", 3100, "month");
    Instant may1 = Instant.parse("2027-05-01T00:00:00Z");
    long clock = clock(t, may1);
    long id =
        subscribe(
                t,
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + basic
                    + ",\"payment_method\":\"pm_card_visa\",\"test_clock\":"
                    + clock
                    + "}")
            .getLong("id");
    // 10 days and 1 second into May (31 days): 1,814,399 of 2,678,400 s are left.
    advance(t, clock, may1.plusSeconds(10L * 86_400 + 1));
    as(t.token())
        .contentType(ContentType.JSON)
        .body("{\"plan_id\":" + pro + ",\"proration_behavior\":\"always_invoice\"}")
        .patch("/api/v1/subscriptions/" + id)
        .then()
        .statusCode(200)
        .body("plan_id", equalTo((int) pro))
        .body("status", equalTo("active"));
    // Credit 1000 × left/total = 677.42 → 677; charge 3100 × … = 2100.01 → 2100.
    JsonPath inv = invoices(t, id);
    assertThat(inv.getInt("total")).isEqualTo(2);
    assertThat(inv.getLong("items[0].total")).isEqualTo(2100 - 677);
    assertThat(inv.getString("items[0].status")).isEqualTo("paid");
    assertThat(events(t.company())).contains("subscription.upgraded");
    // The next renewal bills the new plan in full.
    advance(t, clock, Instant.parse("2027-06-01T00:00:01Z"));
    assertThat(invoices(t, id).getLong("items[0].total")).isEqualTo(3100);
  }

  @Test
  void createProrationsPutsTheDifferenceOnTheNextInvoiceAndDowngradesCredit() {
    Tenant t = tenant();
    long basic = plan(t, "Basic", 1000, "month");
    long pro = plan(t, "Pro", 4000, "month");
    Instant may1 = Instant.parse("2027-05-01T00:00:00Z");
    long clock = clock(t, may1);
    long id =
        subscribe(
                t,
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + pro
                    + ",\"payment_method\":\"pm_card_visa\",\"test_clock\":"
                    + clock
                    + "}")
            .getLong("id");
    // Three quarters into May: credit 4000 / 4 = 1000, charge 1000 / 4 = 250.
    advance(t, clock, may1.plusSeconds(31L * 86_400 * 3 / 4));
    as(t.token())
        .contentType(ContentType.JSON)
        .body("{\"plan_id\":" + basic + "}")
        .patch("/api/v1/subscriptions/" + id)
        .then()
        .statusCode(200);
    assertThat(events(t.company())).contains("subscription.downgraded");
    assertThat(invoices(t, id).getInt("total")).isEqualTo(1);
    advance(t, clock, Instant.parse("2027-06-01T00:00:01Z"));
    // June: Basic 1000, less the credit 1000, plus the remaining time 250 = 250.
    JsonPath inv = invoices(t, id);
    assertThat(inv.getInt("total")).isEqualTo(2);
    assertThat(inv.getLong("items[0].total")).isEqualTo(250);
  }

  @Test
  void cancelAtPeriodEndEndsThePeriodAndResumeTakesItBack() {
    Tenant t = tenant();
    long plan = plan(t, "Pro", 4900, "month");
    long clock = clock(t, T0);
    long first =
        subscribe(
                t,
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + plan
                    + ",\"payment_method\":\"pm_card_visa\",\"test_clock\":"
                    + clock
                    + "}")
            .getLong("id");
    long second =
        subscribe(
                t,
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + plan
                    + ",\"payment_method\":\"pm_card_visa\",\"test_clock\":"
                    + clock
                    + "}")
            .getLong("id");
    post(t.token(), "/api/v1/subscriptions/" + first + "/cancel", "{\"at_period_end\":true}")
        .statusCode(200)
        .body("cancel_at_period_end", equalTo(true))
        .body("status", equalTo("active"));
    post(t.token(), "/api/v1/subscriptions/" + second + "/cancel", "{\"at_period_end\":true}")
        .statusCode(200);
    post(t.token(), "/api/v1/subscriptions/" + second + "/resume", "{}")
        .statusCode(200)
        .body("cancel_at_period_end", equalTo(false));
    assertProblem(
        post(t.token(), "/api/v1/subscriptions/" + second + "/resume", "{}").extract(),
        409,
        "invalid_state");
    advance(t, clock, Instant.parse("2027-03-01T00:00:00Z"));
    assertThat(subscription(t, first).getString("status")).isEqualTo("canceled");
    assertThat(subscription(t, first).getString("ended_at")).isEqualTo("2027-02-28T00:00:00Z");
    assertThat(subscription(t, second).getString("status")).isEqualTo("active");
    assertThat(invoices(t, first).getInt("total")).isEqualTo(1);
    assertThat(invoices(t, second).getInt("total")).isEqualTo(2);
    post(t.token(), "/api/v1/subscriptions/" + second + "/cancel", "{}")
        .statusCode(200)
        .body("status", equalTo("canceled"));
    assertProblem(
        post(t.token(), "/api/v1/subscriptions/" + second + "/cancel", "{}").extract(),
        409,
        "invalid_state");
  }

  @Test
  void aTrialWithADecliningCardIsRefusedAtOnce() {
    Tenant t = tenant();
    long plan = plan(t, "Pro", 4900, "month");
    assertProblem(
        post(
                t.token(),
                "/api/v1/subscriptions",
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + plan
                    + ",\"payment_method\":\"4000000000000002\",\"trial_days\":7}")
            .extract(),
        402,
        "payment_failed");
  }

  @Test
  void testClocksAreTestModeOnlyAndEverythingIsTenantScoped() {
    Tenant t = tenant();
    String live = key(t.company(), true);
    assertProblem(
        post(live, "/api/v1/test_helpers/test_clocks", "{\"frozen_time\": 1798761600}").extract(),
        403,
        "forbidden");
    long plan = plan(t, "Pro", 4900, "month");
    long clock = clock(t, T0);
    long id =
        subscribe(
                t,
                "{\"contact_id\":"
                    + t.contact()
                    + ",\"plan_id\":"
                    + plan
                    + ",\"payment_method\":\"pm_card_visa\",\"test_clock\":"
                    + clock
                    + "}")
            .getLong("id");
    String stranger = key(newCompany(), false);
    for (String other : List.of(stranger)) {
      as(other).get("/api/v1/subscriptions/" + id).then().statusCode(404);
      as(other).get("/api/v1/test_helpers/test_clocks/" + clock).then().statusCode(404);
      post(
              other,
              "/api/v1/test_helpers/test_clocks/" + clock + "/advance",
              "{\"frozen_time\": 1898761600}")
          .statusCode(404);
      post(other, "/api/v1/subscriptions/" + id + "/cancel", "{}").statusCode(404);
      as(other).get("/api/v1/plans/" + plan).then().statusCode(404);
    }
    as(live).get("/api/v1/subscriptions/" + id).then().statusCode(404);
    assertProblem(
        post(
                t.token(),
                "/api/v1/test_helpers/test_clocks/" + clock + "/advance",
                "{\"frozen_time\": " + (T0.getEpochSecond() - 10) + "}")
            .extract(),
        422,
        "validation_error");
  }
}
