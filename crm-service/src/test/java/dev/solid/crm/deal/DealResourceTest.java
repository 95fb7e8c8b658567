package dev.solid.crm.deal;

import static dev.solid.crm.deal.DealApi.CONTACTS;
import static dev.solid.crm.deal.DealApi.DEALS;
import static dev.solid.crm.deal.DealApi.contact;
import static dev.solid.crm.deal.DealApi.createDeal;
import static dev.solid.crm.deal.DealApi.customPipeline;
import static dev.solid.crm.deal.DealApi.deal;
import static dev.solid.crm.deal.DealApi.defaultPipeline;
import static dev.solid.crm.deal.DealApi.delete;
import static dev.solid.crm.deal.DealApi.get;
import static dev.solid.crm.deal.DealApi.newCompany;
import static dev.solid.crm.deal.DealApi.patch;
import static dev.solid.crm.deal.DealApi.post;
import static dev.solid.crm.deal.DealApi.scoped;
import static dev.solid.crm.deal.DealApi.stageId;
import static dev.solid.crm.deal.DealApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class DealResourceTest {
  private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

  /** The API reference's example body, with the id of a contact the company really has. */
  private static String seed(long contactId) {
    return "{\"title\": \"Kitchen Remodel\", \"stage\": \"New\", \"amount\": 1200000,"
        + " \"contact_id\": "
        + contactId
        + "}";
  }

  // --- create ---

  @Test
  void shouldCreateTheReferenceExampleDealAsWritten() {
    long company = newCompany();
    String token = token(company);
    long contactId = contact(token, "Sarah Miller");
    JsonPath pipeline = defaultPipeline(token);

    post(token, DEALS, seed(contactId))
        .statusCode(201)
        .body("id", notNullValue())
        .body("object", equalTo("deal"))
        .body("livemode", equalTo(false))
        .body("title", equalTo("Kitchen Remodel"))
        .body("amount", equalTo(1200000))
        .body("currency", equalTo("usd"))
        .body("contact_id", equalTo((int) contactId))
        .body("pipeline_id", equalTo(pipeline.getInt("id")))
        .body("stage_id", equalTo((int) stageId(pipeline, "New")))
        .body("stage", equalTo("New"))
        .body("status", equalTo("open"))
        .body("probability", equalTo(10))
        .body("weighted_amount", equalTo(120000))
        .body("expected_close_date", nullValue())
        .body("closed_at", nullValue())
        .body("lost_reason", nullValue())
        .body("sales_rep", nullValue())
        .body("custom_fields", equalTo(java.util.Map.of()))
        .body("created_at", matchesPattern(TIMESTAMP))
        .body("updated_at", matchesPattern(TIMESTAMP));
  }

  @Test
  void shouldCreateTheDefaultPipelineOnTheFirstDealOfACompany() {
    String token = token(newCompany());
    JsonPath created = createDeal(token, "{\"title\":\"First\",\"amount\":0}");

    assertThat(created.getString("stage")).isEqualTo("New");
    assertThat(created.getInt("amount")).isZero();
    JsonPath pipeline = defaultPipeline(token);
    assertThat(created.getLong("pipeline_id")).isEqualTo(pipeline.getLong("id"));
  }

  @Test
  void shouldAcceptTheStageNameInAnyCaseAndTheStageId() {
    String token = token(newCompany());
    JsonPath pipeline = defaultPipeline(token);
    long proposal = stageId(pipeline, "Proposal");

    createDeal(token, "{\"title\":\"A\",\"amount\":1,\"stage\":\"pROPOSAL\"}");
    post(token, DEALS, "{\"title\":\"B\",\"amount\":1,\"stage\":\"  negotiation \"}")
        .statusCode(201)
        .body("stage", equalTo("Negotiation"));
    post(token, DEALS, "{\"title\":\"C\",\"amount\":1000,\"stage_id\":" + proposal + "}")
        .statusCode(201)
        .body("stage_id", equalTo((int) proposal))
        .body("stage", equalTo("Proposal"))
        .body("weighted_amount", equalTo(500));
    post(
            token,
            DEALS,
            "{\"title\":\"D\",\"amount\":1,\"stage\":\"proposal\",\"stage_id\":" + proposal + "}")
        .statusCode(201)
        .body("stage", equalTo("Proposal"));
  }

  @Test
  void shouldCreateADealInAnotherPipelineAndNormalizeTheCurrency() {
    String token = token(newCompany());
    JsonPath other = customPipeline(token, "Renovations");

    post(
            token,
            DEALS,
            "{\"title\":\"Roof\",\"amount\":333,\"currency\":\"EUR\",\"pipeline_id\":"
                + other.getLong("id")
                + ",\"stage\":\"open b\",\"expected_close_date\":\"2026-09-30\","
                + "\"sales_rep\":\"jane@acme.example\",\"custom_fields\":{\"source\":\"web\"}}")
        .statusCode(201)
        .body("pipeline_id", equalTo(other.getInt("id")))
        .body("stage", equalTo("Open B"))
        .body("currency", equalTo("eur"))
        .body("weighted_amount", equalTo(200))
        .body("expected_close_date", equalTo("2026-09-30"))
        .body("sales_rep", equalTo("jane@acme.example"))
        .body("custom_fields.source", equalTo("web"));
    // Without a stage, a deal starts in its pipeline's first stage.
    post(
            token,
            DEALS,
            "{\"title\":\"Porch\",\"amount\":1,\"pipeline_id\":" + other.getLong("id") + "}")
        .statusCode(201)
        .body("stage", equalTo("Open A"));
  }

  @Test
  void shouldRejectUnknownStagePipelineAndContactNamingTheField() {
    long company = newCompany();
    String token = token(company);
    JsonPath other = customPipeline(token, "Other");
    String otherCompany = token(newCompany());
    long foreignContact = contact(otherCompany, "Not Yours");

    expect422(token, "{\"title\":\"x\",\"amount\":1,\"stage\":\"Nope\"}", "stage", "unknown_stage");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"stage_id\":" + stageId(other, "Open A") + "}",
        "stage_id",
        "unknown_stage");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"pipeline_id\":999999999}",
        "pipeline_id",
        "unknown_pipeline");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"pipeline_id\":"
            + defaultPipeline(otherCompany).getLong("id")
            + "}",
        "pipeline_id",
        "unknown_pipeline");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"contact_id\":" + foreignContact + "}",
        "contact_id",
        "unknown_contact");
    // A name of the default pipeline's stage, but the deal goes to the other pipeline.
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"stage\":\"Proposal\",\"pipeline_id\":"
            + other.getLong("id")
            + "}",
        "stage",
        "unknown_stage");
  }

  @Test
  void shouldRejectAStageAndStageIdThatDisagree() {
    String token = token(newCompany());
    long won = stageId(defaultPipeline(token), "Won");

    post(token, DEALS, "{\"title\":\"x\",\"amount\":1,\"stage\":\"New\",\"stage_id\":" + won + "}")
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("validation_error"))
        .body("details.field", containsInAnyOrder("stage", "stage_id"))
        .body("details.error", contains("stage_mismatch", "stage_mismatch"));
  }

  @Test
  void shouldRejectBadAmountsCurrenciesAndTitles() {
    String token = token(newCompany());

    expect422(token, "{\"title\":\"x\",\"amount\":-1}", "amount", "too_small");
    expect422(token, "{\"title\":\"x\",\"amount\":100000000000}", "amount", "too_large");
    expect422(token, "{\"title\":\"x\",\"amount\":12.5}", "amount", "invalid_type");
    expect422(token, "{\"title\":\"x\",\"amount\":\"100\"}", "amount", "invalid_type");
    expect422(token, "{\"title\":\"x\"}", "amount", "required");
    expect422(token, "{\"amount\":1}", "title", "required");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"currency\":\"xyz\"}",
        "currency",
        "invalid_currency");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"currency\":\"usdollar\"}",
        "currency",
        "invalid_currency");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"expected_close_date\":\"2026-02-30\"}",
        "expected_close_date",
        "invalid_type");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"custom_fields\":{\"a b\":1}}",
        "custom_fields",
        "invalid_key");
    // The largest amount is accepted.
    post(token, DEALS, "{\"title\":\"x\",\"amount\":99999999999}").statusCode(201);
  }

  // --- stages, history, closing ---

  @Test
  void shouldLabelAChangeByAnOAuthClientAsSuchInTheHistory() {
    long company = newCompany();
    String token = token(company);
    long id = deal(token, "{\"title\":\"Deck\",\"amount\":1000}");
    // An MCP client's OAuth grant: acts as a key, without a key id.
    String oauth =
        TestTokens.mint(
            company,
            false,
            null,
            dev.solid.common.caller.InternalToken.ACTOR_API_KEY,
            Set.of("read:deals", "write:deals"));
    patch(oauth, DEALS + "/" + id, "{\"stage\":\"Qualified\"}").statusCode(200);
    get(token, DEALS + "/" + id + "/history")
        .statusCode(200)
        .body("items.actor", contains("key:" + (1000 + company), "oauth_client"));
  }

  @Test
  void shouldRecordEveryStageChangeWithActorAndAmountInTheHistory() {
    long company = newCompany();
    String token = token(company);
    long id = deal(token, "{\"title\":\"Deck\",\"amount\":1000}");

    patch(token, DEALS + "/" + id, "{\"stage\":\"Qualified\",\"amount\":2000}").statusCode(200);
    patch(token, DEALS + "/" + id, "{\"title\":\"Deck and stairs\"}").statusCode(200);
    String owner = TestTokens.owner(company, false, Set.of("read:deals", "write:deals"));
    patch(owner, DEALS + "/" + id, "{\"stage\":\"proposal\"}").statusCode(200);

    get(token, DEALS + "/" + id + "/history")
        .statusCode(200)
        .body("total", equalTo(3))
        .body("items.object", hasItem("deal_stage_change"))
        .body("items.from_stage", contains(null, "New", "Qualified"))
        .body("items.to_stage", contains("New", "Qualified", "Proposal"))
        .body("items.amount", contains(1000, 2000, 2000))
        .body(
            "items.actor", contains("key:" + (1000 + company), "key:" + (1000 + company), "owner"))
        .body("items[0].changed_at", matchesPattern(TIMESTAMP))
        .body("items[0].deal_id", equalTo((int) id));
  }

  @Test
  void shouldSetClosedAtOnWinningAndLosingAndClearItWhenReopened() {
    String token = token(newCompany());
    long id = deal(token, "{\"title\":\"Bath\",\"amount\":500}");

    patch(token, DEALS + "/" + id, "{\"stage\":\"Won\"}")
        .statusCode(200)
        .body("status", equalTo("won"))
        .body("probability", equalTo(100))
        .body("weighted_amount", equalTo(500))
        .body("closed_at", matchesPattern(TIMESTAMP));
    patch(token, DEALS + "/" + id, "{\"stage\":\"Negotiation\"}")
        .statusCode(200)
        .body("status", equalTo("open"))
        .body("closed_at", nullValue());
    patch(
            token,
            DEALS + "/" + id,
            "{\"stage\":\"Lost\",\"lost_reason\":\"Went with a competitor\"}")
        .statusCode(200)
        .body("status", equalTo("lost"))
        .body("weighted_amount", equalTo(0))
        .body("lost_reason", equalTo("Went with a competitor"))
        .body("closed_at", matchesPattern(TIMESTAMP));
    // Leaving the lost stage clears the reason and the close.
    patch(token, DEALS + "/" + id, "{\"stage\":\"New\"}")
        .statusCode(200)
        .body("lost_reason", nullValue())
        .body("closed_at", nullValue());
  }

  @Test
  void shouldAllowALostReasonOnlyInALostStage() {
    String token = token(newCompany());
    long id = deal(token, "{\"title\":\"Fence\",\"amount\":5}");

    patch(token, DEALS + "/" + id, "{\"lost_reason\":\"Too expensive\"}")
        .statusCode(422)
        .body("details[0].field", equalTo("lost_reason"))
        .body("details[0].error", equalTo("only_when_lost"));
    patch(token, DEALS + "/" + id, "{\"stage\":\"Won\",\"lost_reason\":\"x\"}").statusCode(422);
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"lost_reason\":\"no\"}",
        "lost_reason",
        "only_when_lost");
    expect422(
        token,
        "{\"title\":\"x\",\"amount\":1,\"stage\":\"Lost\",\"lost_reason\":\""
            + "r".repeat(501)
            + "\"}",
        "lost_reason",
        "too_long");
    post(
            token,
            DEALS,
            "{\"title\":\"x\",\"amount\":1,\"stage\":\"Lost\",\"lost_reason\":\"Budget\"}")
        .statusCode(201)
        .body("status", equalTo("lost"))
        .body("lost_reason", equalTo("Budget"))
        .body("closed_at", matchesPattern(TIMESTAMP));
    // Nothing of the refused PATCHes stuck: still open, one history entry.
    get(token, DEALS + "/" + id).statusCode(200).body("stage", equalTo("New"));
    get(token, DEALS + "/" + id + "/history").body("total", equalTo(1));
  }

  @Test
  void shouldMoveADealToAnotherPipelineAndItsFirstStage() {
    String token = token(newCompany());
    JsonPath other = customPipeline(token, "Service");
    long id = deal(token, "{\"title\":\"Move me\",\"amount\":10,\"stage\":\"Proposal\"}");

    patch(token, DEALS + "/" + id, "{\"pipeline_id\":" + other.getLong("id") + "}")
        .statusCode(200)
        .body("pipeline_id", equalTo(other.getInt("id")))
        .body("stage", equalTo("Open A"));
    patch(token, DEALS + "/" + id, "{\"stage\":\"Proposal\"}")
        .statusCode(422)
        .body("details[0].field", equalTo("stage"));
    get(token, DEALS + "/" + id + "/history")
        .body("items.to_stage", contains("Proposal", "Open A"));
  }

  @Test
  void shouldPatchOnlyTheFieldsSentAndClearTheNullOnes() {
    String token = token(newCompany());
    long contactId = contact(token, "Ann");
    long id =
        deal(
            token,
            "{\"title\":\"Patio\",\"amount\":10,\"contact_id\":"
                + contactId
                + ",\"sales_rep\":\"bob\",\"expected_close_date\":\"2026-01-31\","
                + "\"custom_fields\":{\"a\":1,\"b\":\"two\"}}");

    patch(token, DEALS + "/" + id, "{\"sales_rep\":null,\"custom_fields\":{\"a\":null,\"c\":true}}")
        .statusCode(200)
        .body("title", equalTo("Patio"))
        .body("contact_id", equalTo((int) contactId))
        .body("sales_rep", nullValue())
        .body("expected_close_date", equalTo("2026-01-31"))
        .body("custom_fields.b", equalTo("two"))
        .body("custom_fields.c", equalTo(true))
        .body("custom_fields.a", nullValue());
    patch(token, DEALS + "/" + id, "{\"contact_id\":null,\"expected_close_date\":null}")
        .statusCode(200)
        .body("contact_id", nullValue())
        .body("expected_close_date", nullValue());
    patch(token, DEALS + "/" + id, "{\"title\":null}")
        .statusCode(422)
        .body("details[0].field", equalTo("title"));
    patch(token, DEALS + "/" + id, "{\"contact_id\":987654321}")
        .statusCode(422)
        .body("details[0].error", equalTo("unknown_contact"));
    patch(token, DEALS + "/" + id, "{\"amount\":-5}")
        .statusCode(422)
        .body("details[0].field", equalTo("amount"));
    // No stage change: the history still has only the creation.
    get(token, DEALS + "/" + id + "/history").body("total", equalTo(1));
  }

  @Test
  void shouldDeleteADealAndItsHistory() {
    String token = token(newCompany());
    long id = deal(token, "{\"title\":\"Gone\",\"amount\":1}");

    delete(token, DEALS + "/" + id).statusCode(204);
    get(token, DEALS + "/" + id).statusCode(404).body("code", equalTo("not_found"));
    get(token, DEALS + "/" + id + "/history").statusCode(404);
    delete(token, DEALS + "/" + id).statusCode(404);
  }

  // --- lists, filters, sorts ---

  @Test
  void shouldFilterDealsByEveryParameter() {
    String token = token(newCompany());
    long ann = contact(token, "Ann");
    JsonPath other = customPipeline(token, "Other");
    long a =
        deal(
            token,
            "{\"title\":\"Kitchen Remodel\",\"amount\":1200000,\"contact_id\":"
                + ann
                + ",\"sales_rep\":\"Jane\",\"expected_close_date\":\"2026-03-01\"}");
    long b =
        deal(
            token,
            "{\"title\":\"Bathroom\",\"amount\":500,\"stage\":\"Won\","
                + "\"sales_rep\":\"bob\",\"expected_close_date\":\"2026-06-01\"}");
    long c = deal(token, "{\"title\":\"kitchen sink\",\"amount\":90000,\"stage\":\"Lost\"}");
    long d =
        deal(
            token,
            "{\"title\":\"Garage\",\"amount\":70,\"pipeline_id\":"
                + other.getLong("id")
                + ",\"stage\":\"Won\",\"expected_close_date\":\"2026-12-01\"}");

    assertThat(ids(token, "")).containsExactly(d, c, b, a);
    assertThat(ids(token, "pipeline_id=" + other.getLong("id"))).containsExactly(d);
    assertThat(ids(token, "stage=won")).containsExactly(d, b);
    assertThat(ids(token, "stage=won&pipeline_id=" + other.getLong("id"))).containsExactly(d);
    assertThat(ids(token, "status=won")).containsExactly(d, b);
    assertThat(ids(token, "status=lost")).containsExactly(c);
    assertThat(ids(token, "status=open")).containsExactly(a);
    assertThat(ids(token, "contact_id=" + ann)).containsExactly(a);
    assertThat(ids(token, "sales_rep=jane")).containsExactly(a);
    assertThat(ids(token, "search=KITCHEN")).containsExactly(c, a);
    assertThat(ids(token, "min_amount=500&max_amount=90000")).containsExactly(c, b);
    assertThat(ids(token, "close_after=2026-06-01")).containsExactly(d, b);
    assertThat(ids(token, "close_before=2026-06-01")).containsExactly(b, a);
    assertThat(ids(token, "close_after=2026-02-01&close_before=2026-07-01&status=open"))
        .containsExactly(a);
  }

  @Test
  void shouldSortDealsAndPaginate() {
    String token = token(newCompany());
    long a = deal(token, "{\"title\":\"a\",\"amount\":300,\"expected_close_date\":\"2026-05-01\"}");
    long b = deal(token, "{\"title\":\"b\",\"amount\":100}");
    long c = deal(token, "{\"title\":\"c\",\"amount\":200,\"expected_close_date\":\"2026-01-01\"}");

    assertThat(ids(token, "sort=created_at")).containsExactly(a, b, c);
    assertThat(ids(token, "sort=-created_at")).containsExactly(c, b, a);
    assertThat(ids(token, "sort=amount")).containsExactly(b, c, a);
    assertThat(ids(token, "sort=-amount")).containsExactly(a, c, b);
    assertThat(ids(token, "sort=expected_close_date")).containsExactly(c, a, b);
    assertThat(ids(token, "sort=-expected_close_date")).containsExactly(a, c, b);
    get(token, DEALS + "?sort=amount&limit=2&offset=1")
        .statusCode(200)
        .body("total", equalTo(3))
        .body("limit", equalTo(2))
        .body("offset", equalTo(1))
        .body("has_more", equalTo(false))
        .body("items.id", contains((int) c, (int) a));
  }

  @Test
  void shouldRejectBadListParameters() {
    String token = token(newCompany());
    for (String[] bad :
        List.of(
            new String[] {"sort=title", "sort"},
            new String[] {"sort=--amount", "sort"},
            new String[] {"status=pending", "status"},
            new String[] {"min_amount=-1", "min_amount"},
            new String[] {"max_amount=abc", "max_amount"},
            new String[] {"close_before=tomorrow", "close_before"},
            new String[] {"close_after=2026-13-01", "close_after"},
            new String[] {"pipeline_id=x", "pipeline_id"},
            new String[] {"contact_id=1.5", "contact_id"},
            new String[] {"limit=500", "limit"})) {
      get(token, DEALS + "?" + bad[0])
          .statusCode(422)
          .body("code", equalTo("validation_error"))
          .body("details[0].field", equalTo(bad[1]));
    }
  }

  @Test
  void shouldListTheDealsOfAContact() {
    String token = token(newCompany());
    long ann = contact(token, "Ann");
    long bob = contact(token, "Bob");
    long first = deal(token, "{\"title\":\"1\",\"amount\":1,\"contact_id\":" + ann + "}");
    deal(token, "{\"title\":\"2\",\"amount\":1,\"contact_id\":" + bob + "}");
    long third = deal(token, "{\"title\":\"3\",\"amount\":1,\"contact_id\":" + ann + "}");

    get(token, CONTACTS + "/" + ann + "/deals")
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.id", contains((int) third, (int) first));
    get(token, CONTACTS + "/" + ann + "/deals?limit=1")
        .statusCode(200)
        .body("has_more", equalTo(true))
        .body("items.id", contains((int) third));
    get(token, CONTACTS + "/987654321/deals").statusCode(404);
  }

  @Test
  void shouldKeepADealWhenItsContactIsDeleted() {
    String token = token(newCompany());
    long ann = contact(token, "Ann");
    long id = deal(token, "{\"title\":\"Kept\",\"amount\":1,\"contact_id\":" + ann + "}");

    delete(token, CONTACTS + "/" + ann).statusCode(204);
    get(token, DEALS + "/" + id).statusCode(200).body("contact_id", nullValue());
  }

  // --- tenancy and scopes ---

  @Test
  void shouldNotSeeAnotherCompanysOrModesDealsOnAnyEndpoint() {
    long company = newCompany();
    String token = token(company);
    long ann = contact(token, "Ann");
    long id = deal(token, "{\"title\":\"Mine\",\"amount\":1,\"contact_id\":" + ann + "}");

    for (String stranger : List.of(token(newCompany()), token(company, true))) {
      get(stranger, DEALS + "/" + id).statusCode(404).body("code", equalTo("not_found"));
      get(stranger, DEALS + "/" + id + "/history").statusCode(404);
      patch(stranger, DEALS + "/" + id, "{\"title\":\"Theirs\"}").statusCode(404);
      patch(stranger, DEALS + "/" + id, "{\"stage\":\"Won\"}").statusCode(404);
      delete(stranger, DEALS + "/" + id).statusCode(404);
      get(stranger, CONTACTS + "/" + ann + "/deals").statusCode(404);
      get(stranger, DEALS).statusCode(200).body("total", equalTo(0));
      get(stranger, DEALS + "?contact_id=" + ann).statusCode(200).body("total", equalTo(0));
      post(stranger, DEALS, "{\"title\":\"x\",\"amount\":1,\"contact_id\":" + ann + "}")
          .statusCode(422);
    }
    get(token, DEALS + "/" + id).statusCode(200).body("title", equalTo("Mine"));
  }

  @Test
  void shouldRequireTheDealScopes() {
    long company = newCompany();
    String token = token(company);
    long ann = contact(token, "Ann");
    long id = deal(token, "{\"title\":\"Scoped\",\"amount\":1}");
    String contactsOnly = scoped(company, false, "read:contacts", "write:contacts");
    String readOnly = scoped(company, false, "read:deals");

    get(contactsOnly, DEALS).statusCode(403).body("details[0].received", equalTo("read:deals"));
    get(contactsOnly, DEALS + "/" + id).statusCode(403);
    get(contactsOnly, DEALS + "/" + id + "/history").statusCode(403);
    get(contactsOnly, CONTACTS + "/" + ann + "/deals")
        .statusCode(403)
        .body("code", equalTo("forbidden"))
        .body("details[0].received", equalTo("read:deals"));
    post(contactsOnly, DEALS, "{\"title\":\"x\",\"amount\":1}").statusCode(403);
    get(readOnly, DEALS + "/" + id).statusCode(200);
    get(readOnly, CONTACTS + "/" + ann + "/deals").statusCode(200);
    post(readOnly, DEALS, "{\"title\":\"x\",\"amount\":1}")
        .statusCode(403)
        .body("details[0].received", equalTo("write:deals"));
    patch(readOnly, DEALS + "/" + id, "{\"title\":\"x\"}").statusCode(403);
    delete(readOnly, DEALS + "/" + id).statusCode(403);
    get(token, DEALS + "/" + id).statusCode(200).body("title", equalTo("Scoped"));
  }

  private static void expect422(String token, String body, String field, String error) {
    post(token, DEALS, body)
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo(field))
        .body("details[0].error", equalTo(error));
  }

  private static List<Long> ids(String token, String query) {
    return get(token, query.isEmpty() ? DEALS : DEALS + "?" + query)
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }
}
