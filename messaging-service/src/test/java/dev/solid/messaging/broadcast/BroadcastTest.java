package dev.solid.messaging.broadcast;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.assertProblem;
import static dev.solid.messaging.support.MessagingApi.crmContact;
import static dev.solid.messaging.support.MessagingApi.events;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.sqlCount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class BroadcastTest {

  private static long contact(long company, String username, String firstName, String... tags)
      throws Exception {
    Map<String, Object> fields = new HashMap<>();
    fields.put("username", username);
    if (firstName != null) {
      fields.put("first_name", firstName);
    }
    fields.put("tags", List.of(tags));
    return crmContact(company, false, fields);
  }

  /** Waits until the job is completed (running until then, never anything else) and returns it. */
  private static JsonPath awaitCompleted(String token, String job) {
    return await()
        .alias("job " + job + " completes")
        .atMost(MessagingApi.WAIT)
        .until(
            () -> {
              JsonPath body =
                  as(token).get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
              assertThat(body.getString("status")).isIn("running", "completed");
              return body;
            },
            body -> body.getString("status").equals("completed"));
  }

  private static List<String> texts(String job) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps =
            c.prepareStatement("SELECT text FROM messaging.messages WHERE job_id = ?")) {
      ps.setString(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void shouldSendToEveryTaggedContactWithItsOwnTextAndCompleteTheJobOnce() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    contact(company, "ann_" + company, "Ann", "vip");
    contact(company, "bob_" + company, "Bob", "vip", "trial");
    long nameless = contact(company, "cy_" + company, null, "vip");
    contact(company, "dee_" + company, "Dee", "trial");

    JsonPath accepted =
        post(
                token,
                "/api/v1/messages/broadcast",
                "{\"account_id\":" + account + ",\"text\":\"Hi {first_name}\",\"tag\":\"vip\"}")
            .statusCode(202)
            .body("id", startsWith("job_"))
            .body("status", equalTo("running"))
            .body("total", equalTo(3))
            .body("failed", equalTo(1))
            .body("skipped[0].contact_id", equalTo((int) nameless))
            .body("skipped[0].reason", equalTo("missing_variable"))
            .body("skipped[0].detail", equalTo("{first_name}"))
            .extract()
            .jsonPath();
    String job = accepted.getString("id");
    assertThat(accepted.getString("job_id")).isEqualTo(job);

    JsonPath done = awaitCompleted(token, job);
    assertThat(done.getInt("sent")).isEqualTo(2);
    assertThat(done.getInt("failed")).isEqualTo(1);
    assertThat(done.getInt("queued")).isZero();
    assertThat(done.getString("completed_at")).isNotNull();
    assertThat(texts(job)).containsExactly("Hi Ann", "Hi Bob");

    List<JsonNode> events =
        events(EventTopics.MESSAGING, company, seen -> types(seen).contains("job.completed"));
    List<JsonNode> completed =
        events.stream().filter(e -> e.get("event").asText().equals("job.completed")).toList();
    assertThat(completed).hasSize(1);
    assertThat(completed.get(0).at("/data/id").asText()).isEqualTo(job);
    assertThat(completed.get(0).at("/data/sent").asInt()).isEqualTo(2);
    assertThat(
            sqlCount(
                "SELECT 1 FROM messaging.outbox WHERE payload LIKE '%\"job.completed\"%'"
                    + " AND payload LIKE ?",
                "%" + job + "%"))
        .isEqualTo(1);
  }

  @Test
  void shouldSendToTheGivenContactIdsAndReportTheUnknownOnes() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    long ann = contact(company, "ann_" + company, "Ann");
    long bob = contact(company, "bob_" + company, "Bob");
    long stranger = contact(newCompany(), "eve_" + company, "Eve");

    String job =
        post(
                token,
                "/api/v1/messages/broadcast",
                "{\"account_id\":"
                    + account
                    + ",\"text\":\"Hello {first_name}\",\"contact_ids\":["
                    + ann
                    + ","
                    + bob
                    + ","
                    + stranger
                    + ","
                    + ann
                    + "]}")
            .statusCode(202)
            .body("total", equalTo(3))
            .body("skipped.size()", equalTo(1))
            .body("skipped[0].contact_id", equalTo((int) stranger))
            .body("skipped[0].reason", equalTo("contact_not_found"))
            .extract()
            .jsonPath()
            .getString("id");

    JsonPath done = awaitCompleted(token, job);
    assertThat(done.getInt("sent")).isEqualTo(2);
    assertThat(done.getInt("failed")).isEqualTo(1);
    assertThat(texts(job)).containsExactly("Hello Ann", "Hello Bob");
  }

  @Test
  void shouldRefuseABroadcastBeyondTheRemainingDailyCapBeforeQueuingAnything() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, 3);
    contact(company, "ann_" + company, "Ann", "vip");
    contact(company, "bob_" + company, "Bob", "vip");
    contact(company, "cy_" + company, "Cy", "vip");
    post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@someone\",\"text\":\"first\"}")
        .statusCode(200);

    assertProblem(
        post(
            token,
            "/api/v1/messages/broadcast",
            "{\"account_id\":" + account + ",\"text\":\"Hi {first_name}\",\"tag\":\"vip\"}"),
        429,
        "account_daily_limit_reached");

    assertThat(sqlCount("SELECT 1 FROM messaging.messages WHERE company_id = ?", company))
        .isEqualTo(1);
    assertThat(sqlCount("SELECT 1 FROM messaging.jobs WHERE company_id = ?", company)).isZero();
    // The two slots left are still there: a broadcast that fits goes through.
    post(
            token,
            "/api/v1/messages/broadcast",
            "{\"account_id\":"
                + account
                + ",\"text\":\"Hi\",\"contact_ids\":["
                + contact(company, "dee_" + company, "Dee")
                + "]}")
        .statusCode(202);
  }

  @Test
  void shouldNotShowAnotherCompanysJobNorUseItsAccount() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    long ann = contact(company, "ann_" + company, "Ann");
    String job =
        post(
                token,
                "/api/v1/messages/broadcast",
                "{\"account_id\":" + account + ",\"text\":\"Hi\",\"contact_ids\":[" + ann + "]}")
            .statusCode(202)
            .extract()
            .jsonPath()
            .getString("id");

    String other = key(newCompany(), false);
    assertProblem(as(other).get("/api/v1/jobs/" + job).then(), 404, "not_found");
    assertProblem(as(key(company, true)).get("/api/v1/jobs/" + job).then(), 404, "not_found");
    assertProblem(
        post(
            other,
            "/api/v1/messages/broadcast",
            "{\"account_id\":" + account + ",\"text\":\"Hi\",\"contact_ids\":[" + ann + "]}"),
        404,
        "not_found");
    as(token).get("/api/v1/jobs/" + job).then().statusCode(200);
  }

  @Test
  void shouldRejectABroadcastWithoutExactlyOneRecipientSelector() {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    String base = "{\"account_id\":" + account + ",\"text\":\"Hi\"";
    assertProblem(post(token, "/api/v1/messages/broadcast", base + "}"), 422, "validation_error");
    assertProblem(
        post(token, "/api/v1/messages/broadcast", base + ",\"tag\":\"x\",\"contact_ids\":[1]}"),
        422,
        "validation_error");
    assertProblem(
        post(token, "/api/v1/messages/broadcast", base + ",\"tag\":\"nobody-has-it\"}"),
        422,
        "validation_error");
    assertProblem(
        post(
            token,
            "/api/v1/messages/broadcast",
            "{\"account_id\":" + account + ",\"text\":\"Hi {nickname}\",\"tag\":\"x\"}"),
        422,
        "validation_error");
    assertProblem(
        post(
            TestTokens.apiKey(company, false, "read:messages"),
            "/api/v1/messages/broadcast",
            base + ",\"tag\":\"x\"}"),
        403,
        "forbidden");
  }
}
