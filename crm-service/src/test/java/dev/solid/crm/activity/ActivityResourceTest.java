package dev.solid.crm.activity;

import static dev.solid.crm.activity.CrmApi.ACTIVITIES;
import static dev.solid.crm.activity.CrmApi.all;
import static dev.solid.crm.activity.CrmApi.contact;
import static dev.solid.crm.activity.CrmApi.create;
import static dev.solid.crm.activity.CrmApi.deal;
import static dev.solid.crm.activity.CrmApi.delete;
import static dev.solid.crm.activity.CrmApi.get;
import static dev.solid.crm.activity.CrmApi.newCompany;
import static dev.solid.crm.activity.CrmApi.patch;
import static dev.solid.crm.activity.CrmApi.post;
import static dev.solid.crm.activity.CrmApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.crm.contact.CrmTopic;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class ActivityResourceTest {

  @Test
  void shouldLogReadUpdateAndDeleteAnActivity() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann Lee");
    long deal = deal(token);
    long id =
        create(
            token,
            ACTIVITIES,
            "{\"type\":\"call\",\"contact_id\":"
                + ann
                + ",\"deal_id\":"
                + deal
                + ",\"subject\":\"  Discovery call \",\"body\":\"Wants a quote\","
                + "\"occurred_at\":\"2026-06-01T15:30:00.123456789Z\",\"duration_seconds\":900,"
                + "\"direction\":\"outbound\",\"outcome\":\"connected\"}");

    get(token, ACTIVITIES + "/" + id)
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("object", equalTo("activity"))
        .body("type", equalTo("call"))
        .body("contact_id", equalTo((int) ann))
        .body("deal_id", equalTo((int) deal))
        .body("subject", equalTo("Discovery call"))
        .body("body", equalTo("Wants a quote"))
        .body("occurred_at", equalTo("2026-06-01T15:30:00.123456Z"))
        .body("duration_seconds", equalTo(900))
        .body("direction", equalTo("outbound"))
        .body("outcome", equalTo("connected"))
        .body("livemode", equalTo(false))
        .body("created_at", notNullValue())
        .body("updated_at", notNullValue());

    patch(token, ACTIVITIES + "/" + id, "{\"outcome\":null,\"body\":\"Quote sent\"}")
        .statusCode(200)
        .body("outcome", nullValue())
        .body("body", equalTo("Quote sent"))
        .body("subject", equalTo("Discovery call"))
        .body("duration_seconds", equalTo(900));
    get(token, ACTIVITIES + "/" + id).statusCode(200).body("body", equalTo("Quote sent"));

    delete(token, ACTIVITIES + "/" + id).statusCode(204);
    get(token, ACTIVITIES + "/" + id).statusCode(404).body("code", equalTo("not_found"));
    delete(token, ACTIVITIES + "/" + id).statusCode(404);
  }

  @Test
  void shouldDefaultOccurredAtToNowAndAcceptADealAlone() {
    String token = all(newCompany());
    long deal = deal(token);
    post(
            token,
            ACTIVITIES,
            "{\"type\":\"note\",\"deal_id\":" + deal + ",\"body\":\"Budget approved\"}")
        .statusCode(201)
        .body("occurred_at", notNullValue())
        .body("contact_id", nullValue())
        .body("deal_id", equalTo((int) deal));
  }

  @Test
  void shouldRefuseAnActivityWithoutContactOrDeal() {
    String token = all(newCompany());
    post(token, ACTIVITIES, "{\"type\":\"note\",\"body\":\"Orphan\"}")
        .statusCode(422)
        .body("code", equalTo("validation_error"))
        .body("details.field", contains("contact_id", "deal_id"));
  }

  @Test
  void shouldRefuseAnUnknownContactNamingContactId() {
    long company = newCompany();
    String token = all(company);
    long elsewhere = contact(all(newCompany()), "Other company's");
    for (long missing : new long[] {999_999_999L, elsewhere}) {
      post(token, ACTIVITIES, "{\"type\":\"note\",\"contact_id\":" + missing + ",\"body\":\"x\"}")
          .statusCode(422)
          .body("details[0].field", equalTo("contact_id"))
          .body("details[0].error", equalTo("not_found"));
    }
    long own = contact(token, "Own");
    long id =
        create(token, ACTIVITIES, "{\"type\":\"note\",\"contact_id\":" + own + ",\"body\":\"x\"}");
    patch(token, ACTIVITIES + "/" + id, "{\"contact_id\":" + elsewhere + "}")
        .statusCode(422)
        .body("details[0].field", equalTo("contact_id"));
  }

  @Test
  void shouldRefuseEveryInvalidField() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann");
    String base = "{\"contact_id\":" + ann + ",";
    String[][] cases = {
      {"\"body\":\"x\"}", "type", "required"},
      {"\"type\":\"fax\",\"body\":\"x\"}", "type", "invalid_format"},
      {"\"type\":\"note\"}", "body", "required"},
      {"\"type\":\"note\",\"body\":\"   \"}", "body", "required"},
      {"\"type\":\"note\",\"body\":\"" + "b".repeat(20_001) + "\"}", "body", "too_long"},
      {
        "\"type\":\"note\",\"body\":\"x\",\"subject\":\"" + "s".repeat(501) + "\"}",
        "subject",
        "too_long"
      },
      {
        "\"type\":\"call\",\"body\":\"x\",\"duration_seconds\":-1}", "duration_seconds", "too_small"
      },
      {
        "\"type\":\"call\",\"body\":\"x\",\"duration_seconds\":604801}",
        "duration_seconds",
        "too_large"
      },
      {
        "\"type\":\"call\",\"body\":\"x\",\"direction\":\"sideways\"}",
        "direction",
        "invalid_format"
      },
      {
        "\"type\":\"call\",\"body\":\"x\",\"occurred_at\":\"yesterday\"}",
        "occurred_at",
        "invalid_type"
      },
    };
    for (String[] c : cases) {
      post(token, ACTIVITIES, base + c[0])
          .statusCode(422)
          .body("details[0].field", equalTo(c[1]))
          .body("details[0].error", equalTo(c[2]));
    }
    // The bounds themselves are allowed.
    post(
            token,
            ACTIVITIES,
            base
                + "\"type\":\"meeting\",\"body\":\""
                + "b".repeat(20_000)
                + "\",\"subject\":\""
                + "s".repeat(500)
                + "\",\"duration_seconds\":604800}")
        .statusCode(201);

    long id = create(token, ACTIVITIES, base + "\"type\":\"note\",\"body\":\"x\"}");
    String[][] patches = {
      {"{\"type\":null}", "type", "required"},
      {"{\"body\":null}", "body", "required"},
      {"{\"occurred_at\":null}", "occurred_at", "required"},
      {"{\"type\":\"fax\"}", "type", "invalid_format"},
      {"{\"duration_seconds\":604801}", "duration_seconds", "too_large"},
      {"{\"contact_id\":null}", "contact_id", "required"},
    };
    for (String[] p : patches) {
      patch(token, ACTIVITIES + "/" + id, p[0])
          .statusCode(422)
          .body("details[0].field", equalTo(p[1]))
          .body("details[0].error", equalTo(p[2]));
    }
    get(token, ACTIVITIES + "/" + id).statusCode(200).body("contact_id", equalTo((int) ann));
  }

  @Test
  void shouldFilterByTypeContactDealAndTimeNewestFirst() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann");
    long bob = contact(token, "Bob");
    long deal = deal(token);
    long a1 = log(token, "note", ann, null, "2026-06-01T10:00:00Z");
    long a2 = log(token, "call", ann, deal, "2026-06-02T10:00:00Z");
    long a3 = log(token, "call", bob, null, "2026-06-03T10:00:00Z");
    long a4 = log(token, "meeting", null, deal, "2026-06-04T10:00:00Z");

    assertThat(ids(token, "")).containsExactly(a4, a3, a2, a1);
    assertThat(ids(token, "?type=call")).containsExactly(a3, a2);
    assertThat(ids(token, "?contact_id=" + ann)).containsExactly(a2, a1);
    assertThat(ids(token, "?deal_id=" + deal)).containsExactly(a4, a2);
    assertThat(ids(token, "?occurred_after=2026-06-01T10:00:00Z")).containsExactly(a4, a3, a2);
    assertThat(ids(token, "?occurred_before=2026-06-03T10:00:00Z")).containsExactly(a2, a1);
    assertThat(
            ids(
                token,
                "?occurred_after=2026-06-01T12:00:00Z&occurred_before=2026-06-04T00:00:00Z"
                    + "&type=call&contact_id="
                    + ann))
        .containsExactly(a2);

    get(token, ACTIVITIES + "?limit=2&offset=1")
        .statusCode(200)
        .body("total", equalTo(4))
        .body("limit", equalTo(2))
        .body("offset", equalTo(1))
        .body("has_more", equalTo(true))
        .body("items.id", contains((int) a3, (int) a2));

    get(token, ACTIVITIES + "?type=fax").statusCode(422).body("details[0].field", equalTo("type"));
    get(token, ACTIVITIES + "?occurred_after=monday")
        .statusCode(422)
        .body("details[0].field", equalTo("occurred_after"));
    get(token, ACTIVITIES + "?contact_id=abc")
        .statusCode(422)
        .body("details[0].field", equalTo("contact_id"));
    get(token, ACTIVITIES + "?limit=201")
        .statusCode(422)
        .body("details[0].field", equalTo("limit"));
  }

  @Test
  void shouldNotSeeAnotherCompanysOrModesActivities() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann");
    long id = log(token, "note", ann, null, "2026-06-01T10:00:00Z");

    for (String other : new String[] {all(newCompany()), all(company, true)}) {
      get(other, ACTIVITIES + "/" + id).statusCode(404);
      patch(other, ACTIVITIES + "/" + id, "{\"body\":\"hijack\"}").statusCode(404);
      delete(other, ACTIVITIES + "/" + id).statusCode(404);
      get(other, ACTIVITIES).statusCode(200).body("total", equalTo(0));
      get(other, ACTIVITIES + "?contact_id=" + ann).statusCode(200).body("total", equalTo(0));
    }
    get(token, ACTIVITIES + "/" + id).statusCode(200).body("body", equalTo("note body"));
  }

  @Test
  void shouldRequireTheActivityScopes() {
    long company = newCompany();
    String writer = all(company);
    long ann = contact(writer, "Ann");
    long id = log(writer, "note", ann, null, "2026-06-01T10:00:00Z");
    String readOnly = token(company, "read:activities", "read:contacts");
    String contactsOnly = token(company, "read:contacts", "write:contacts");

    get(contactsOnly, ACTIVITIES)
        .statusCode(403)
        .body("message", containsString("read:activities"));
    get(contactsOnly, ACTIVITIES + "/" + id).statusCode(403);
    get(readOnly, ACTIVITIES + "/" + id).statusCode(200);
    post(readOnly, ACTIVITIES, "{\"type\":\"note\",\"contact_id\":" + ann + ",\"body\":\"x\"}")
        .statusCode(403)
        .body("message", containsString("write:activities"));
    patch(readOnly, ACTIVITIES + "/" + id, "{\"body\":\"x\"}").statusCode(403);
    delete(readOnly, ACTIVITIES + "/" + id).statusCode(403);
    get(null, ACTIVITIES).statusCode(401);
  }

  @Test
  void shouldPublishActivityLoggedThroughTheOutboxOnlyForCommittedActivities() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann");
    post(token, ACTIVITIES, "{\"type\":\"note\",\"contact_id\":999999999,\"body\":\"no\"}")
        .statusCode(422);
    long id = log(token, "call", ann, null, "2026-06-01T10:00:00Z");
    patch(token, ACTIVITIES + "/" + id, "{\"outcome\":\"busy\"}").statusCode(200);

    List<JsonNode> logged = CrmTopic.events(company, "activity.logged", 1);
    JsonNode data = logged.get(0).get("data");
    assertThat(data.get("id").asLong()).isEqualTo(id);
    assertThat(data.get("object").asText()).isEqualTo("activity");
    assertThat(data.get("type").asText()).isEqualTo("call");
    assertThat(data.get("contact_id").asLong()).isEqualTo(ann);
    assertThat(logged.get(0).get("livemode").asBoolean()).isFalse();
  }

  static long log(String token, String type, Long contactId, Long dealId, String occurredAt) {
    return create(
        token,
        ACTIVITIES,
        "{\"type\":\""
            + type
            + "\",\"contact_id\":"
            + contactId
            + ",\"deal_id\":"
            + dealId
            + ",\"body\":\""
            + type
            + " body\",\"occurred_at\":\""
            + occurredAt
            + "\"}");
  }

  private static List<Long> ids(String token, String query) {
    return get(token, ACTIVITIES + query)
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }
}
