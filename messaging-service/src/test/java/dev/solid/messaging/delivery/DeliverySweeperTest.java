package dev.solid.messaging.delivery;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.events;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stuck states are written straight into PostgreSQL, as a dead worker or a lost command would
 * leave them, with timestamps older than the sweeper's thresholds.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class DeliverySweeperTest {

  private static void insert(
      long company,
      boolean livemode,
      long account,
      String id,
      String to,
      String status,
      String age,
      String job)
      throws Exception {
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO messaging.messages (id, company_id, livemode, account_id, channel,"
                    + " direction, counterpart, text, status, attempts, job_id, created_at,"
                    + " updated_at) VALUES (?, ?, ?, ?, 'telegram', 'outbound', ?, 'stuck', ?,"
                    + " 1, ?, now() - ?::interval, now() - ?::interval)")) {
      ps.setString(1, id);
      ps.setLong(2, company);
      ps.setBoolean(3, livemode);
      ps.setLong(4, account);
      ps.setString(5, to);
      ps.setString(6, status);
      ps.setString(7, job);
      ps.setString(8, age);
      ps.setString(9, age);
      ps.executeUpdate();
    }
  }

  private static void insertJob(long company, boolean livemode, String id) throws Exception {
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO messaging.jobs (id, company_id, livemode, kind, status, total)"
                    + " VALUES (?, ?, ?, 'broadcast', 'running', 1)")) {
      ps.setString(1, id);
      ps.setLong(2, company);
      ps.setBoolean(3, livemode);
      ps.executeUpdate();
    }
  }

  @Test
  void shouldFailAMessageStuckInSendingWithoutSendingItAgain() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String to = "stuck_" + company;
    String id = "msg_stuck_" + company;
    String job = "job_stuck_" + company;
    insertJob(company, true, job);
    insert(company, true, account, id, to, "sending", "1 hour", job);

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("failed");
    assertThat(message.get("failure_reason").asText()).isEqualTo("provider_outcome_unknown");
    // Live mode, yet the provider never heard of it: the sweeper does not re-send.
    assertThat(ProviderStandIn.instance().requestsTo(to)).isEmpty();
    as(token)
        .get("/api/v1/jobs/" + job)
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("completed"))
        .body("failed", org.hamcrest.Matchers.equalTo(1));
    List<JsonNode> events =
        events(
            EventTopics.MESSAGING,
            company,
            seen -> types(seen).containsAll(List.of("message.failed", "job.completed")));
    assertThat(types(events)).contains("message.failed", "job.completed");
  }

  @Test
  void shouldLeaveARecentSendingMessageToItsWorker() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String id = "msg_busy_" + company;
    insert(company, true, account, id, "busy_" + company, "sending", "1 second", null);
    // Several sweeps (one a second here) go by, and the message stays with its worker.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                as(token)
                    .get("/api/v1/messages/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("status")
                    .equals("sending"));
  }

  @Test
  void shouldRepublishTheCommandOfAMessageLeftQueued() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    String lost = "msg_lost_" + company;
    String fresh = "msg_fresh_" + company;
    insert(company, false, account, lost, "lost_" + company, "queued", "1 hour", null);
    insert(company, false, account, fresh, "fresh_" + company, "queued", "1 second", null);

    JsonNode message = awaitFinal(token, lost);
    assertThat(message.get("status").asText()).isEqualTo("sent");
    // Claimed once more by the worker through the re-published command.
    assertThat(
            MessagingApi.sqlCount(
                "SELECT 1 FROM messaging.messages WHERE id = ? AND attempts = 2", lost))
        .isEqualTo(1);
    // Younger than the re-queue age: its command may still be on its way, so it is left alone.
    as(token)
        .get("/api/v1/messages/" + fresh)
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("queued"));
  }
}
