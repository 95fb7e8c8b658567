package dev.solid.crm.scoring;

import static dev.solid.crm.scoring.ScoringApi.CONTACTS;
import static dev.solid.crm.scoring.ScoringApi.JOBS;
import static dev.solid.crm.scoring.ScoringApi.RULES;
import static dev.solid.crm.scoring.ScoringApi.as;
import static dev.solid.crm.scoring.ScoringApi.createContact;
import static dev.solid.crm.scoring.ScoringApi.envelope;
import static dev.solid.crm.scoring.ScoringApi.newCompany;
import static dev.solid.crm.scoring.ScoringApi.newEventId;
import static dev.solid.crm.scoring.ScoringApi.publish;
import static dev.solid.crm.scoring.ScoringApi.putRules;
import static dev.solid.crm.scoring.ScoringApi.score;
import static dev.solid.crm.scoring.ScoringApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class LeadScoringTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(30);

  @Inject Pool pool;

  private static void awaitScore(String token, long contact, int expected) {
    await("lead score " + expected + " of contact " + contact)
        .atMost(ARRIVAL)
        .until(() -> score(token, contact), score -> score == expected);
  }

  private static String messageEvent(String type, long company, boolean live, long contact) {
    return envelope(
        newEventId(),
        type,
        company,
        live,
        "{\"id\":\"msg_1\",\"channel\":\"sms\",\"contact_id\":" + contact + ",\"text\":\"hi\"}");
  }

  // --- defaults and rules ---

  @Test
  void shouldScoreANewContactWithTheDefaults() {
    long company = newCompany();
    String token = token(company, false);
    as(token)
        .get(RULES)
        .then()
        .statusCode(200)
        .body("customized", equalTo(false))
        .body("half_life_days", equalTo(30))
        .body("thresholds.warm", equalTo(30))
        .body("thresholds.mql", equalTo(60))
        .body("thresholds.hot", equalTo(80))
        .body("rules.type", hasItem("business_email"));
    long business =
        createContact(token, "{\"email\":\"ann@acme-co.io\",\"phone\":\"+18015551234\"}");
    long free = createContact(token, "{\"email\":\"bob@gmail.com\"}");
    long bare = createContact(token, "{\"name\":\"Nobody\"}");

    awaitScore(token, business, 35);
    awaitScore(token, free, 10);
    ScoringApi.contact(token, business)
        .body("lead_score_band", equalTo("warm"))
        .body("lead_score_reasons.type", contains("has_email", "has_phone", "business_email"))
        .body("lead_score_reasons.points", contains(10.0f, 10.0f, 15.0f));
    ScoringApi.contact(token, bare)
        .body("lead_score", equalTo(0))
        .body("lead_score_band", equalTo("cold"))
        .body("lead_score_reasons", hasSize(0));
  }

  @Test
  void shouldScoreWithCustomRulesFromPut() {
    long company = newCompany();
    String token = token(company, false);
    putRules(
            token,
            "{\"rules\":[{\"type\":\"has_tag\",\"tag\":\"vip\",\"points\":40},"
                + "{\"type\":\"custom_field_equals\",\"field\":\"plan\",\"value\":\"enterprise\","
                + "\"points\":25},"
                + "{\"type\":\"custom_field_contains\",\"field\":\"industry\",\"value\":\"saas\","
                + "\"points\":5},"
                + "{\"type\":\"free_email\",\"points\":-20},{\"type\":\"has_email\",\"points\":20}],"
                + "\"half_life_days\":14,\"thresholds\":{\"warm\":20,\"mql\":50,\"hot\":90}}")
        .statusCode(200)
        .body("customized", equalTo(true))
        .body("version", equalTo(1))
        .body("half_life_days", equalTo(14))
        .body("rescore_job.status", equalTo("queued"))
        .body("rules", hasSize(5));
    as(token).get(RULES).then().statusCode(200).body("thresholds.hot", equalTo(90));

    long vip =
        createContact(
            token,
            "{\"email\":\"cto@bigcorp.io\",\"tags\":[\"vip\"],"
                + "\"custom_fields\":{\"plan\":\"Enterprise\",\"industry\":\"B2B SaaS\"}}");
    long freeMail = createContact(token, "{\"email\":\"someone@hotmail.com\"}");
    awaitScore(token, vip, 90);
    ScoringApi.contact(token, vip).body("lead_score_band", equalTo("hot"));
    awaitScore(token, freeMail, 0);
  }

  @Test
  void shouldRefuseInvalidRulesWithValidationErrors() {
    String token = token(newCompany(), false);
    putRules(
            token,
            "{\"rules\":[{\"type\":\"has_email\",\"points\":5},{\"type\":\"telepathy\",\"points\":5}]}")
        .statusCode(422)
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo("rules[1].type"))
        .body("details[0].error", equalTo("unknown_rule_type"));
    putRules(token, "{\"rules\":[{\"type\":\"has_email\",\"points\":101}]}")
        .statusCode(422)
        .body("details[0].field", equalTo("rules[0].points"));
    putRules(token, "{\"rules\":[{\"type\":\"has_email\",\"points\":-101}]}")
        .statusCode(422)
        .body("details[0].field", equalTo("rules[0].points"));
    putRules(token, "{\"rules\":[],\"thresholds\":{\"warm\":40,\"mql\":40,\"hot\":80}}")
        .statusCode(422)
        .body("details[0].field", equalTo("thresholds"))
        .body("details[0].error", equalTo("not_increasing"));
    putRules(token, "{\"rules\":[{\"type\":\"has_tag\",\"points\":5}]}")
        .statusCode(422)
        .body("details[0].field", equalTo("rules[0].tag"))
        .body("details[0].error", equalTo("required"));
    String tooMany =
        IntStream.range(0, 101)
            .mapToObj(i -> "{\"type\":\"has_email\",\"points\":1}")
            .collect(Collectors.joining(",", "{\"rules\":[", "]}"));
    putRules(token, tooMany)
        .statusCode(422)
        .body("details[0].field", equalTo("rules"))
        .body("details[0].error", equalTo("too_many"));
    // Nothing was stored.
    as(token).get(RULES).then().statusCode(200).body("customized", equalTo(false));
  }

  @Test
  void shouldNeedTheContactScopes() {
    long company = newCompany();
    as(TestTokens.apiKey(company, false, "read:messages")).get(RULES).then().statusCode(403);
    putRules(TestTokens.apiKey(company, false, "read:contacts"), "{\"rules\":[]}")
        .statusCode(403)
        .body("details[0].received", equalTo("write:contacts"));
  }

  // --- engagement, exactly once, lead.scored ---

  @Test
  void shouldCountARedeliveredEventOnce() throws Exception {
    long company = newCompany();
    String token = token(company, true);
    long contact = createContact(token, "{\"name\":\"Pat\",\"phone\":\"+18015550001\"}");
    awaitScore(token, contact, 10);

    String received = messageEvent("message.received", company, true, contact);
    publish(EventTopics.MESSAGING, company, received);
    publish(EventTopics.MESSAGING, company, received); // redelivered
    // One company's events apply in order: once the next one counts, the copy has been handled.
    publish(EventTopics.MESSAGING, company, messageEvent("message.sent", company, true, contact));

    awaitScore(token, contact, 10 + 10 + 2);
    ScoringApi.contact(token, contact)
        .body("lead_score_reasons.find { it.type == 'message_received' }.events", equalTo(1))
        .body("lead_score_reasons.find { it.type == 'message_received' }.points", equalTo(10.0f));
    Long rows =
        pool.preparedQuery(
                "SELECT count(*) FROM crm.lead_engagement WHERE company_id = $1 AND contact_id = $2")
            .executeAndAwait(Tuple.of(company, contact))
            .iterator()
            .next()
            .getLong(0);
    assertThat(rows).isEqualTo(2);
  }

  @Test
  void shouldAnnounceABandChangeAndNotATwoPointMove() throws Exception {
    long company = newCompany();
    String token = token(company, false);
    long contact = createContact(token, "{\"email\":\"lee@acme-co.io\"}"); // 10 + 15 business
    awaitScore(token, contact, 25);

    publish(EventTopics.MESSAGING, company, messageEvent("message.sent", company, false, contact));
    awaitScore(token, contact, 27); // +2: no lead.scored
    publish(
        EventTopics.PAYMENTS,
        company,
        envelope(
            newEventId(),
            "order.paid",
            company,
            false,
            "{\"id\":\"ord_1\",\"contact_id\":" + contact + ",\"amount\":4900}"));
    awaitScore(token, contact, 52); // +25: cold → warm

    List<JsonNode> scored = ScoringApi.leadScored(pool, company);
    assertThat(scored).hasSize(2);
    JsonNode first = scored.get(0).get("data");
    assertThat(first.get("contact_id").asLong()).isEqualTo(contact);
    assertThat(first.get("score").asInt()).isEqualTo(25);
    assertThat(first.get("previous_score").asInt()).isZero();
    assertThat(first.get("band").asText()).isEqualTo("cold");
    assertThat(first.get("previous_band").asText()).isEqualTo("cold");
    JsonNode second = scored.get(1).get("data");
    assertThat(second.get("score").asInt()).isEqualTo(52);
    assertThat(second.get("previous_score").asInt()).isEqualTo(25);
    assertThat(second.get("band").asText()).isEqualTo("warm");
    assertThat(second.get("previous_band").asText()).isEqualTo("cold");
    assertThat(second.get("reasons").findValuesAsText("type"))
        .contains("order_paid", "message_sent");
    assertThat(scored.get(1).get("livemode").asBoolean()).isFalse();
  }

  @Test
  void shouldScoreActivitiesByTypeAndDealsFromCrmsOwnTopic() throws Exception {
    long company = newCompany();
    String token = token(company, false);
    putRules(
            token,
            "{\"rules\":[{\"type\":\"activity_logged\",\"activity_type\":\"call\",\"points\":30},"
                + "{\"type\":\"deal_created\",\"points\":20}]}")
        .statusCode(200);
    long contact = createContact(token, "{\"name\":\"Dee\"}");
    publish(
        EventTopics.CRM,
        company,
        envelope(
            newEventId(),
            "activity.logged",
            company,
            false,
            "{\"id\":1,\"type\":\"call\",\"contact_id\":" + contact + "}"));
    publish(
        EventTopics.CRM,
        company,
        envelope(
            newEventId(),
            "activity.logged",
            company,
            false,
            "{\"id\":2,\"type\":\"email\",\"contact_id\":" + contact + "}"));
    publish(
        EventTopics.CRM,
        company,
        envelope(
            newEventId(),
            "deal.created",
            company,
            false,
            "{\"id\":3,\"name\":\"Big deal\",\"contact_id\":" + contact + "}"));
    awaitScore(token, contact, 50);
    ScoringApi.contact(token, contact)
        .body("lead_score_band", equalTo("warm"))
        .body("lead_score_reasons.find { it.type == 'activity_logged' }.events", equalTo(1));
  }

  @Test
  void shouldLetScoresDecayWithoutNewEvents() throws Exception {
    long company = newCompany();
    String token = token(company, false);
    long contact = createContact(token, "{\"name\":\"Old\",\"phone\":\"+18015550002\"}");
    awaitScore(token, contact, 10);
    // A paid order two half-lives ago (25 → 6.25 points), and the score due a refresh.
    pool.preparedQuery(
            "INSERT INTO crm.lead_engagement (company_id, livemode, contact_id, kind, points,"
                + " occurred_at, event_id) VALUES ($1, false, $2, 'order_paid', 25,"
                + " now() - interval '60 days', $3)")
        .executeAndAwait(Tuple.of(company, contact, newEventId()));
    pool.preparedQuery(
            "UPDATE crm.contacts SET lead_score_refresh_at = now() - interval '1 second'"
                + " WHERE company_id = $1 AND id = $2")
        .executeAndAwait(Tuple.of(company, contact));

    awaitScore(token, contact, 16);
    float decayed =
        ScoringApi.contact(token, contact)
            .extract()
            .path("lead_score_reasons.find { it.type == 'order_paid' }.points");
    assertThat(decayed).isCloseTo(6.25f, org.assertj.core.data.Offset.offset(0.06f));
  }

  // --- lists ---

  @Test
  void shouldFilterByMinimumScoreAndSortByScore() {
    long company = newCompany();
    String token = token(company, false);
    long zero = createContact(token, "{\"name\":\"Zero\"}");
    long ten = createContact(token, "{\"email\":\"ten@gmail.com\"}");
    long high = createContact(token, "{\"email\":\"high@acme-co.io\",\"phone\":\"+18015550003\"}");
    awaitScore(token, ten, 10);
    awaitScore(token, high, 35);

    as(token)
        .get(CONTACTS + "?min_score=10")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.id", contains((int) high, (int) ten));
    as(token)
        .get(CONTACTS + "?sort=-lead_score")
        .then()
        .statusCode(200)
        .body("items.id", contains((int) high, (int) ten, (int) zero));
    as(token)
        .get(CONTACTS + "?sort=lead_score&limit=2")
        .then()
        .statusCode(200)
        .body("items.id", contains((int) zero, (int) ten))
        .body("has_more", equalTo(true));
    as(token)
        .get(CONTACTS + "?min_score=30&sort=-lead_score")
        .then()
        .statusCode(200)
        .body("items.lead_score", contains(35));
    as(token)
        .get(CONTACTS + "?sort=name")
        .then()
        .statusCode(422)
        .body("details[0].field", equalTo("sort"));
    as(token).get(CONTACTS + "?min_score=101").then().statusCode(422);
    as(token).get(CONTACTS + "?min_score=abc").then().statusCode(422);
  }

  // --- tenancy ---

  @Test
  void shouldKeepRulesJobsAndEngagementWithinTheCompanyAndMode() throws Exception {
    long company = newCompany();
    long other = newCompany();
    String test = token(company, false);
    String live = token(company, true);
    long job =
        putRules(test, "{\"rules\":[{\"type\":\"has_email\",\"points\":50}]}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("rescore_job.id");

    as(live).get(RULES).then().statusCode(200).body("customized", equalTo(false));
    as(token(other, false)).get(RULES).then().statusCode(200).body("customized", equalTo(false));
    as(test).get(JOBS + job).then().statusCode(200).body("id", equalTo((int) job));
    as(live).get(JOBS + job).then().statusCode(404);
    as(token(other, false)).get(JOBS + job).then().statusCode(404);
    as(test).get(JOBS + "abc").then().statusCode(404);

    long testContact = createContact(test, "{\"email\":\"t@acme-co.io\"}");
    long liveContact = createContact(live, "{\"email\":\"l@acme-co.io\"}");
    awaitScore(test, testContact, 50);
    awaitScore(live, liveContact, 25);
    // Events that name the test contact but come from the live mode or another company change
    // nothing; the last one (its own mode) shows the others were handled before it.
    publish(
        EventTopics.MESSAGING,
        company,
        messageEvent("message.received", company, true, testContact));
    publish(
        EventTopics.MESSAGING, other, messageEvent("message.received", other, false, testContact));
    publish(
        EventTopics.MESSAGING,
        company,
        messageEvent("message.received", company, true, liveContact));
    awaitScore(live, liveContact, 35);
    assertThat(score(test, testContact)).isEqualTo(50);
    ScoringApi.contact(test, testContact).body("lead_score_reasons.type", contains("has_email"));
  }
}
