package dev.solid.messaging.sequence;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.assertProblem;
import static dev.solid.messaging.support.MessagingApi.crmContact;
import static dev.solid.messaging.support.MessagingApi.events;
import static dev.solid.messaging.support.MessagingApi.hasTypes;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.sqlCount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class SequenceTest {

  private record Setup(
      long company, String owner, String key, long account, long sequence, long contact) {}

  private Setup setup(int delay1, int delay2, String extra) throws Exception {
    long company = newCompany();
    String owner =
        TestTokens.owner(
            company, false, Set.of("read:messages", "write:messages", "manage:sequences"));
    String key = key(company, false);
    long account = telegramAccount(key, null);
    String username = "drip_" + company;
    long contact = crmContact(company, false, Map.of("username", username, "first_name", "Dana"));
    long sequence =
        post(
                owner,
                "/api/v1/sequences",
                "{\"name\":\"Onboarding\""
                    + extra
                    + ",\"steps\":[{\"delay_seconds\":"
                    + delay1
                    + ",\"account_id\":"
                    + account
                    + ",\"template\":\"Hi {first_name}\"},{\"delay_seconds\":"
                    + delay2
                    + ",\"account_id\":"
                    + account
                    + ",\"template\":\"Still there, {first_name}?\"}]}")
            .statusCode(201)
            .body("stop_on_reply", equalTo(!extra.contains("false")))
            .extract()
            .jsonPath()
            .getLong("id");
    return new Setup(company, owner, key, account, sequence, contact);
  }

  private static int sent(long company, long contact) throws Exception {
    return sqlCount(
        "SELECT 1 FROM messaging.messages WHERE company_id = ? AND contact_id = ? AND direction = 'outbound'",
        company,
        contact);
  }

  @Test
  void shouldSendStepsWhenDueAndCompleteWithEvents() throws Exception {
    Setup s = setup(1, 1, "");
    long enrollment =
        post(
                s.key(),
                "/api/v1/sequences/" + s.sequence() + "/enroll",
                "{\"contact_id\":" + s.contact() + "}")
            .statusCode(201)
            .body("status", equalTo("active"))
            .extract()
            .jsonPath()
            .getLong("id");
    assertProblem(
        post(
            s.key(),
            "/api/v1/sequences/" + s.sequence() + "/enroll",
            "{\"contact_id\":" + s.contact() + "}"),
        409,
        "conflict");
    assertThat(sent(s.company(), s.contact())).isZero(); // not before its delay

    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND status = 'completed'", enrollment);
    assertThat(sent(s.company(), s.contact())).isEqualTo(2);
    as(s.key())
        .get("/api/v1/messages?contact_id=" + s.contact())
        .then()
        .body("items[0].text", equalTo("Hi Dana"))
        .body("items[1].text", equalTo("Still there, Dana?"));
    as(s.key())
        .get("/api/v1/sequences/" + s.sequence() + "/enrollments")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].status", equalTo("completed"));
    assertThat(
            types(
                events(
                    EventTopics.MESSAGING,
                    s.company(),
                    hasTypes("sequence.started", "sequence.completed"))))
        .contains("sequence.started", "sequence.completed");
  }

  @Test
  void shouldSendNothingWhilePausedAndResumeWhereItStopped() throws Exception {
    Setup s = setup(2, 60, "");
    long enrollment =
        post(
                s.key(),
                "/api/v1/sequences/" + s.sequence() + "/enroll",
                "{\"contact_id\":" + s.contact() + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    post(s.key(), "/api/v1/enrollments/" + enrollment + "/pause", "")
        .statusCode(200)
        .body("status", equalTo("paused"));
    assertProblem(
        post(s.key(), "/api/v1/enrollments/" + enrollment + "/pause", ""), 409, "conflict");
    // Past the first step's delay (2 s), nothing goes out while paused.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> sent(s.company(), s.contact()) == 0);

    post(s.key(), "/api/v1/enrollments/" + enrollment + "/resume", "")
        .statusCode(200)
        .body("status", equalTo("active"));
    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.messages WHERE company_id = ? AND contact_id = ?",
        s.company(),
        s.contact());
    assertThat(sent(s.company(), s.contact())).isEqualTo(1);
    as(s.key())
        .get("/api/v1/enrollments/" + enrollment)
        .then()
        .body("next_step", equalTo(1))
        .body("status", equalTo("active"));
    assertThat(
            types(
                events(
                    EventTopics.MESSAGING,
                    s.company(),
                    hasTypes("sequence.paused", "sequence.resumed"))))
        .contains("sequence.started", "sequence.paused", "sequence.resumed");
  }

  @Test
  void shouldPickUpAStepWhoseSchedulerDiedOnceItsLeaseExpires() throws Exception {
    Setup s = setup(3600, 60, "");
    long enrollment =
        post(
                s.key(),
                "/api/v1/sequences/" + s.sequence() + "/enroll",
                "{\"contact_id\":" + s.contact() + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    // Simulate a replica that claimed the due step and died: its lease is all that is left.
    try (Connection c = MessagingApi.jdbc()) {
      c.createStatement()
          .executeUpdate(
              "UPDATE messaging.enrollments SET lease_owner = 'scheduler-dead', lease_until = now() + interval '5 seconds',"
                  + " next_step_at = now() - interval '1 second' WHERE id = "
                  + enrollment
                  + " AND next_step = 0");
    }
    // Due, but leased to the dead replica: the live scheduler leaves it alone while the lease
    // holds.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> sent(s.company(), s.contact()) == 0);
    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND next_step = 1", enrollment);
    assertThat(sent(s.company(), s.contact())).isEqualTo(1);
  }

  @Test
  void shouldStopTheEnrollmentWhenTheContactReplies() throws Exception {
    Setup s = setup(3, 3, "");
    long enrollment =
        post(
                s.key(),
                "/api/v1/sequences/" + s.sequence() + "/enroll",
                "{\"contact_id\":" + s.contact() + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long account = s.account();
    io.restassured.RestAssured.given()
        .header("X-Telegram-Bot-Api-Secret-Token", "tg-secret")
        .contentType("application/json")
        .body(
            "{\"update_id\":9,\"message\":{\"message_id\":9,\"from\":{\"id\":9,\"username\":\"drip_"
                + s.company()
                + "\"},\"chat\":{\"id\":9},\"text\":\"stop\"}}")
        .post("/api/v1/messaging/inbound/telegram/" + account)
        .then()
        .statusCode(200);

    as(s.key())
        .get("/api/v1/enrollments/" + enrollment)
        .then()
        .body("status", equalTo("stopped"))
        .body("stop_reason", equalTo("replied"));
    // sequence.stopped carries the enrollment as every sequence event does.
    JsonNode stopped =
        events(EventTopics.MESSAGING, s.company(), hasTypes("sequence.stopped")).stream()
            .filter(e -> e.get("event").asText().equals("sequence.stopped"))
            .findFirst()
            .orElseThrow()
            .get("data");
    assertThat(stopped.get("id").asLong()).isEqualTo(enrollment);
    assertThat(stopped.get("sequence_id").asLong()).isEqualTo(s.sequence());
    assertThat(stopped.get("contact_id").asLong()).isEqualTo(s.contact());
    assertThat(stopped.get("status").asText()).isEqualTo("stopped");
    assertThat(stopped.get("stop_reason").asText()).isEqualTo("replied");
    assertThat(stopped.has("next_step")).isTrue();
    // The window in which the first step (3 s) would have gone out: nothing does.
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> sent(s.company(), s.contact()) == 0);
  }

  @Test
  void shouldNotStopTheEnrollmentOnAReplyWhenStopOnReplyIsFalse() throws Exception {
    Setup s = setup(3600, 0, ",\"stop_on_reply\":false");
    long enrollment = enroll(s);
    reply(s, "not now");

    as(s.key())
        .get("/api/v1/enrollments/" + enrollment)
        .then()
        .body("status", equalTo("active"))
        .body("stop_reason", org.hamcrest.Matchers.nullValue());
    makeDue(enrollment);
    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND status = 'completed'", enrollment);
    assertThat(sent(s.company(), s.contact())).isEqualTo(2);
    assertThat(types(events(EventTopics.MESSAGING, s.company(), hasTypes("sequence.completed"))))
        .doesNotContain("sequence.stopped");
  }

  @Test
  void shouldCompleteAnEnrollmentWhoseSequenceWasShortenedPastIt() throws Exception {
    Setup s = setup(0, 3600, "");
    long enrollment = enroll(s);
    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND next_step = 1", enrollment);
    long account = s.account();
    as(s.owner())
        .contentType("application/json")
        .body(
            "{\"steps\":[{\"delay_seconds\":0,\"account_id\":"
                + account
                + ",\"template\":\"Only step\"}]}")
        .patch("/api/v1/sequences/" + s.sequence())
        .then()
        .statusCode(200);
    makeDue(enrollment); // step 1 no longer exists

    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND status = 'completed'", enrollment);
    assertThat(sent(s.company(), s.contact())).isEqualTo(1);
    JsonNode completed =
        events(EventTopics.MESSAGING, s.company(), hasTypes("sequence.completed")).stream()
            .filter(e -> e.get("event").asText().equals("sequence.completed"))
            .findFirst()
            .orElseThrow();
    assertThat(completed.get("data").get("id").asLong()).isEqualTo(enrollment);
  }

  @Test
  void shouldRenderAStepFromTheEnrolledContactWhenAnotherSharesItsPhone() throws Exception {
    long company = newCompany();
    String owner =
        TestTokens.owner(
            company, false, Set.of("read:messages", "write:messages", "manage:sequences"));
    String key = key(company, false);
    long sms = MessagingApi.smsAccount(key, null);
    String phone = "+1807555" + (1000 + company % 9000);
    crmContact(company, false, Map.of("phone", phone, "first_name", "Ann"));
    long bea = crmContact(company, false, Map.of("phone", phone, "first_name", "Bea"));
    long sequence =
        post(
                owner,
                "/api/v1/sequences",
                "{\"name\":\"Shared phone\",\"steps\":[{\"delay_seconds\":0,\"account_id\":"
                    + sms
                    + ",\"template\":\"Hi {first_name}\"}]}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long enrollment =
        post(key, "/api/v1/sequences/" + sequence + "/enroll", "{\"contact_id\":" + bea + "}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.enrollments WHERE id = ? AND status = 'completed'", enrollment);
    as(key)
        .get("/api/v1/messages?contact_id=" + bea)
        .then()
        .body("total", equalTo(1))
        .body("items[0].text", equalTo("Hi Bea"))
        .body("items[0].to", equalTo(phone));
  }

  private static long enroll(Setup s) {
    return post(
            s.key(),
            "/api/v1/sequences/" + s.sequence() + "/enroll",
            "{\"contact_id\":" + s.contact() + "}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** The enrollment's next step is due now instead of after its (long) delay. */
  private static void makeDue(long enrollment) throws Exception {
    try (Connection c = MessagingApi.jdbc()) {
      c.createStatement()
          .executeUpdate(
              "UPDATE messaging.enrollments SET next_step_at = now() WHERE id = " + enrollment);
    }
  }

  private static void reply(Setup s, String text) {
    long account = s.account();
    MessagingApi.telegramUpdate(account, "drip_" + s.company(), s.company(), text);
  }

  @Test
  void shouldLetOnlyTheOwnerCreateSequencesAndHideOtherCompanies() throws Exception {
    Setup s = setup(60, 60, ",\"stop_on_reply\":false");
    String body =
        post(
                s.key(),
                "/api/v1/sequences",
                "{\"name\":\"x\",\"steps\":[{\"delay_seconds\":0,\"account_id\":"
                    + s.account()
                    + ",\"template\":\"x\"}]}")
            .statusCode(403)
            .extract()
            .asString();
    assertThat(body).contains("owner");
    assertThat(
            as(TestTokens.apiKey(s.company(), false, "read:messages"))
                .get("/api/v1/sequences")
                .then()
                .statusCode(403)
                .extract()
                .asString())
        .contains("manage:sequences");
    as(s.key()).get("/api/v1/sequences").then().statusCode(200).body("total", equalTo(1));
    String other = key(newCompany(), false);
    assertProblem(as(other).get("/api/v1/sequences/" + s.sequence()).then(), 404, "not_found");
    as(other)
        .get("/api/v1/sequences/" + s.sequence())
        .then()
        .body("message", equalTo("Sequence not found"));
    assertProblem(
        post(
            other,
            "/api/v1/sequences/" + s.sequence() + "/enroll",
            "{\"contact_id\":" + s.contact() + "}"),
        404,
        "not_found");
  }
}
