package dev.solid.crm.task;

import static dev.solid.crm.activity.CrmApi.TASKS;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class TaskResourceTest {

  @Test
  void shouldCreateATaskWithDefaultsAndReadUpdateAndDeleteIt() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann");
    long deal = deal(token);
    long id =
        create(
            token,
            TASKS,
            "{\"title\":\" Send the quote \",\"contact_id\":" + ann + ",\"deal_id\":" + deal + "}");
    get(token, TASKS + "/" + id)
        .statusCode(200)
        .body("object", equalTo("task"))
        .body("title", equalTo("Send the quote"))
        .body("priority", equalTo("medium"))
        .body("status", equalTo("todo"))
        .body("completed_at", nullValue())
        .body("due_at", nullValue())
        .body("contact_id", equalTo((int) ann))
        .body("deal_id", equalTo((int) deal))
        .body("livemode", equalTo(false))
        .body("created_at", notNullValue())
        .body("updated_at", notNullValue());

    patch(
            token,
            TASKS + "/" + id,
            "{\"priority\":\"high\",\"assignee\":\"alex@example.com\",\"deal_id\":null}")
        .statusCode(200)
        .body("priority", equalTo("high"))
        .body("assignee", equalTo("alex@example.com"))
        .body("deal_id", nullValue())
        .body("title", equalTo("Send the quote"));

    delete(token, TASKS + "/" + id).statusCode(204);
    get(token, TASKS + "/" + id).statusCode(404);
  }

  @Test
  void shouldStampCompletedAtWhenDoneAndClearItWhenReopened() {
    long company = newCompany();
    String token = all(company);
    long id = create(token, TASKS, "{\"title\":\"Call back\"}");

    String completedAt =
        patch(token, TASKS + "/" + id, "{\"status\":\"done\"}")
            .statusCode(200)
            .body("status", equalTo("done"))
            .body("completed_at", notNullValue())
            .extract()
            .path("completed_at");
    assertThat(Instant.parse(completedAt)).isCloseTo(Instant.now(), within());
    // Done again (or another edit of a done task) keeps the first completion time.
    patch(token, TASKS + "/" + id, "{\"status\":\"done\",\"title\":\"Called back\"}")
        .statusCode(200)
        .body("completed_at", equalTo(completedAt));

    patch(token, TASKS + "/" + id, "{\"status\":\"in_progress\"}")
        .statusCode(200)
        .body("completed_at", nullValue());
    get(token, TASKS + "/" + id).statusCode(200).body("completed_at", nullValue());

    post(token, TASKS, "{\"title\":\"Already done\",\"status\":\"done\"}")
        .statusCode(201)
        .body("completed_at", notNullValue());
  }

  @Test
  void shouldPublishTaskCreatedAndTaskCompletedOncePerCompletion() {
    long company = newCompany();
    String token = all(company);
    long id = create(token, TASKS, "{\"title\":\"Follow up\"}");
    patch(token, TASKS + "/" + id, "{\"status\":\"done\"}").statusCode(200);
    patch(token, TASKS + "/" + id, "{\"status\":\"done\"}").statusCode(200); // no second event
    patch(token, TASKS + "/" + id, "{\"status\":\"todo\"}").statusCode(200);
    patch(token, TASKS + "/" + id, "{\"status\":\"done\"}").statusCode(200); // completed again

    List<JsonNode> created = CrmTopic.events(company, "task.created", 1);
    assertThat(created.get(0).get("data").get("id").asLong()).isEqualTo(id);
    assertThat(created.get(0).get("data").get("status").asText()).isEqualTo("todo");
    List<JsonNode> completed = CrmTopic.events(company, "task.completed", 2);
    assertThat(completed)
        .allSatisfy(
            e -> {
              assertThat(e.get("data").get("status").asText()).isEqualTo("done");
              assertThat(e.get("data").get("completed_at").isNull()).isFalse();
            });
  }

  @Test
  void shouldFilterByStatusAssigneeDueContactDealAndOverdue() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann");
    long deal = deal(token);
    String past = Instant.now().minus(2, ChronoUnit.DAYS).toString();
    String future = Instant.now().plus(2, ChronoUnit.DAYS).toString();
    long late =
        create(
            token,
            TASKS,
            "{\"title\":\"late\",\"due_at\":\""
                + past
                + "\",\"assignee\":\"alex\",\"contact_id\":"
                + ann
                + "}");
    long lateButDone =
        create(
            token,
            TASKS,
            "{\"title\":\"done\",\"due_at\":\""
                + past
                + "\",\"status\":\"done\",\"deal_id\":"
                + deal
                + "}");
    long upcoming =
        create(
            token,
            TASKS,
            "{\"title\":\"soon\",\"due_at\":\""
                + future
                + "\",\"status\":\"in_progress\","
                + "\"assignee\":\"alex\",\"deal_id\":"
                + deal
                + "}");
    long undated = create(token, TASKS, "{\"title\":\"someday\",\"contact_id\":" + ann + "}");

    assertThat(ids(token, "")).containsExactly(undated, upcoming, lateButDone, late);
    assertThat(ids(token, "?overdue=true")).containsExactly(late);
    assertThat(ids(token, "?overdue=false")).containsExactly(undated, upcoming, lateButDone);
    assertThat(ids(token, "?status=done")).containsExactly(lateButDone);
    assertThat(ids(token, "?status=in_progress")).containsExactly(upcoming);
    assertThat(ids(token, "?assignee=alex")).containsExactly(upcoming, late);
    assertThat(ids(token, "?due_before=" + Instant.now())).containsExactly(lateButDone, late);
    assertThat(ids(token, "?contact_id=" + ann)).containsExactly(undated, late);
    assertThat(ids(token, "?deal_id=" + deal)).containsExactly(upcoming, lateButDone);
    assertThat(ids(token, "?assignee=alex&overdue=true")).containsExactly(late);
    get(token, TASKS + "?limit=1&offset=1")
        .statusCode(200)
        .body("total", equalTo(4))
        .body("has_more", equalTo(true))
        .body("items[0].id", equalTo((int) upcoming));

    get(token, TASKS + "?status=finished")
        .statusCode(422)
        .body("details[0].field", equalTo("status"));
    get(token, TASKS + "?overdue=yes").statusCode(422).body("details[0].field", equalTo("overdue"));
    get(token, TASKS + "?due_before=tomorrow")
        .statusCode(422)
        .body("details[0].field", equalTo("due_before"));
  }

  @Test
  void shouldRefuseEveryInvalidField() {
    long company = newCompany();
    String token = all(company);
    String[][] cases = {
      {"{}", "title", "required"},
      {"{\"title\":\"  \"}", "title", "required"},
      {"{\"title\":\"" + "t".repeat(501) + "\"}", "title", "too_long"},
      {"{\"title\":\"t\",\"body\":\"" + "b".repeat(20_001) + "\"}", "body", "too_long"},
      {"{\"title\":\"t\",\"priority\":\"urgent\"}", "priority", "invalid_format"},
      {"{\"title\":\"t\",\"status\":\"blocked\"}", "status", "invalid_format"},
      {"{\"title\":\"t\",\"due_at\":\"soon\"}", "due_at", "invalid_type"},
      {"{\"title\":\"t\",\"assignee\":\"" + "a".repeat(201) + "\"}", "assignee", "too_long"},
      {"{\"title\":\"t\",\"contact_id\":999999999}", "contact_id", "not_found"},
      {"{\"title\":\"t\",\"contact_id\":-1}", "contact_id", "must_be_positive"},
    };
    for (String[] c : cases) {
      post(token, TASKS, c[0])
          .statusCode(422)
          .body("details[0].field", equalTo(c[1]))
          .body("details[0].error", equalTo(c[2]));
    }
    long id = create(token, TASKS, "{\"title\":\"t\"}");
    String[][] patches = {
      {"{\"title\":null}", "title", "required"},
      {"{\"status\":null}", "status", "required"},
      {"{\"priority\":null}", "priority", "required"},
      {"{\"status\":\"blocked\"}", "status", "invalid_format"},
      {"{\"contact_id\":999999999}", "contact_id", "not_found"},
    };
    for (String[] p : patches) {
      patch(token, TASKS + "/" + id, p[0])
          .statusCode(422)
          .body("details[0].field", equalTo(p[1]))
          .body("details[0].error", equalTo(p[2]));
    }
  }

  @Test
  void shouldNotSeeAnotherCompanysOrModesTasks() {
    long company = newCompany();
    String token = all(company);
    long id = create(token, TASKS, "{\"title\":\"mine\"}");
    for (String other : new String[] {all(newCompany()), all(company, true)}) {
      get(other, TASKS + "/" + id).statusCode(404);
      patch(other, TASKS + "/" + id, "{\"status\":\"done\"}").statusCode(404);
      delete(other, TASKS + "/" + id).statusCode(404);
      get(other, TASKS).statusCode(200).body("total", equalTo(0));
    }
    get(token, TASKS + "/" + id).statusCode(200).body("status", equalTo("todo"));
  }

  @Test
  void shouldRequireTheActivityScopes() {
    long company = newCompany();
    long id = create(all(company), TASKS, "{\"title\":\"mine\"}");
    String readOnly = token(company, "read:activities");
    String contactsOnly = token(company, "read:contacts", "write:contacts");
    get(contactsOnly, TASKS).statusCode(403).body("message", containsString("read:activities"));
    get(contactsOnly, TASKS + "/" + id).statusCode(403);
    get(readOnly, TASKS + "/" + id).statusCode(200);
    post(readOnly, TASKS, "{\"title\":\"x\"}")
        .statusCode(403)
        .body("message", containsString("write:activities"));
    patch(readOnly, TASKS + "/" + id, "{\"status\":\"done\"}").statusCode(403);
    delete(readOnly, TASKS + "/" + id).statusCode(403);
  }

  private static org.assertj.core.data.TemporalUnitOffset within() {
    return org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES);
  }

  private static List<Long> ids(String token, String query) {
    return get(token, TASKS + query)
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }
}
