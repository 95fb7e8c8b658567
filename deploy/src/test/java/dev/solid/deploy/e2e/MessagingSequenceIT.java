package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.MessagingSteps.TELEGRAM_BOT;
import static dev.solid.deploy.e2e.MessagingSteps.account;
import static dev.solid.deploy.e2e.MessagingSteps.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A drip sequence through the gateway: the owner's session creates it, a key holding
 * manage:sequences enrolls a contact crm created a moment before (messaging asks crm for it), the
 * step goes out, the enrollment completes; a webhook endpoint receives message.sent, the sequence
 * events and job.completed.
 */
@ExtendWith(SolidStack.class)
class MessagingSequenceIT {

  @Test
  void shouldRunASequenceEnrolledByAKeyAndPushItsEventsToAWebhook(Api api) throws Exception {
    BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/solid-events",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(Api.JSON.readTree(body));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try {
      Api.Company company = api.newCompany();
      String all = company.testKey();
      Api.Response endpoint =
          api.post("/v1/webhooks")
              .bearer(all)
              .json(
                  Map.of(
                      "url",
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/solid-events",
                      "events",
                      List.of(
                          "message.sent",
                          "sequence.started",
                          "sequence.paused",
                          "sequence.resumed",
                          "sequence.stopped",
                          "sequence.completed",
                          "job.completed")))
              .send();
      assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);

      long accountId = account(api, all, TELEGRAM_BOT);

      // The owner's own session (test mode, as the panel would ask) creates the sequence.
      Api.Response sequence =
          api.post("/api/v1/sequences")
              .bearer(company.ownerToken())
              .header("Solid-Mode", "test")
              .json(
                  Map.of(
                      "name",
                      "Welcome",
                      "steps",
                      List.of(
                          Map.of(
                              "delay_seconds",
                              1,
                              "account_id",
                              accountId,
                              "template",
                              "Welcome aboard, {first_name}!"))))
              .send();
      assertThat(sequence.status()).as("%s", sequence).isEqualTo(201);
      long sequenceId = sequence.json().path("id").asLong();

      String username = "seq_" + UUID.randomUUID().toString().substring(0, 8);
      Api.Response contact =
          api.post("/api/v1/crm/contacts")
              .bearer(all)
              .json(Map.of("name", "Ann Example", "first_name", "Ann", "username", username))
              .send();
      assertThat(contact.status()).as("%s", contact).isEqualTo(201);
      long contactId = contact.json().path("id").asLong();

      // A key with manage:sequences (and read:contacts, so crm answers for the contact it names).
      String manager =
          api.createKey(
                  company.ownerToken(),
                  "sequences",
                  List.of("manage:sequences", "read:contacts", "read:messages"),
                  "test",
                  null)
              .path("key")
              .asText();
      // Right after the contact was created, without waiting for crm's event to reach messaging.
      Api.Response enrolled =
          api.post("/v1/sequences/" + sequenceId + "/enroll")
              .bearer(manager)
              .json(Map.of("contact_id", contactId))
              .send();
      assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(201);
      assertThat(enrolled.json().path("status").asText()).isEqualTo("active");
      long enrollmentId = enrolled.json().path("id").asLong();

      // The owner manages enrollments through the gateway too.
      Api.Response asOwner =
          api.get("/api/v1/enrollments/" + enrollmentId)
              .bearer(company.ownerToken())
              .header("Solid-Mode", "test")
              .send();
      assertThat(asOwner.status()).as("%s", asOwner).isEqualTo(200);

      eventually(
          () -> api.get("/api/v1/enrollments/" + enrollmentId).bearer(manager).send(),
          r -> r.status() == 200 && r.json().path("status").asText().equals("completed"),
          "enrollment " + enrollmentId + " completed");
      Api.Response messages =
          api.get("/api/v1/messages?contact_id=" + contactId).bearer(manager).send();
      assertThat(messages.json().path("total").asInt()).as("%s", messages).isEqualTo(1);
      JsonNode step = messages.json().path("items").get(0);
      assertThat(step.path("text").asText()).isEqualTo("Welcome aboard, Ann!");
      String stepMessage = step.path("id").asText();
      eventually(
          () -> api.get("/api/v1/messages/" + stepMessage).bearer(manager).send(),
          r -> r.json().path("status").asText().equals("sent"),
          "the step's message sent");

      Api.Response broadcast =
          api.post("/v1/messages/broadcast")
              .bearer(all)
              .json(
                  Map.of(
                      "account_id",
                      accountId,
                      "text",
                      "News for {first_name}",
                      "contact_ids",
                      List.of(contactId)))
              .send();
      assertThat(broadcast.status()).as("%s", broadcast).isEqualTo(202);
      String job = broadcast.json().path("id").asText();

      Map<String, JsonNode> seen = new ConcurrentHashMap<>();
      // "step.message.sent": the message.sent of the sequence step itself, not just any.
      Set<String> wanted =
          Set.of(
              "sequence.started",
              "sequence.completed",
              "message.sent",
              "step.message.sent",
              "job.completed");
      long deadline = System.currentTimeMillis() + 60_000;
      while (!seen.keySet().containsAll(wanted) && System.currentTimeMillis() < deadline) {
        JsonNode delivery = received.poll(1, TimeUnit.SECONDS);
        if (delivery != null) {
          seen.merge(delivery.path("event").asText(), delivery, (a, b) -> a);
          if (delivery.path("event").asText().equals("message.sent")
              && delivery.path("data").path("id").asText().equals(stepMessage)) {
            seen.put("step.message.sent", delivery);
          }
        }
      }
      assertThat(seen.keySet()).containsAll(wanted);
      Map<String, Object> ids = new HashMap<>();
      ids.put("started", seen.get("sequence.started").path("data").path("id").asLong());
      ids.put("completed", seen.get("sequence.completed").path("data").path("id").asLong());
      assertThat(ids)
          .containsEntry("started", enrollmentId)
          .containsEntry("completed", enrollmentId);
      assertThat(seen.get("job.completed").path("data").path("id").asText()).isEqualTo(job);
      JsonNode stepSent = seen.get("step.message.sent").path("data");
      assertThat(stepSent.path("id").asText()).isEqualTo(stepMessage);
      assertThat(stepSent.path("enrollment_id").asLong()).isEqualTo(enrollmentId);
      assertThat(stepSent.path("status").asText()).isEqualTo("sent");
    } finally {
      receiver.stop(0);
    }
  }
}
