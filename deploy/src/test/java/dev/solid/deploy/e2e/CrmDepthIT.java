package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deals, activities, tasks, the timeline, lead scoring and the analytics through the gateway, as an
 * integrator meets them: seed 000's deal body, a stage change with its history and its signed
 * {@code deal.won} webhook, seed 001's {@code lead.scored}, and a {@code read:analytics} key that
 * pulls every report and nothing else.
 */
@ExtendWith(SolidStack.class)
class CrmDepthIT {

  @Test
  void seedDealExampleMovesToWonWithHistoryTimelineAndWebhooks(Api api) throws Exception {
    BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(Api.JSON.readTree(body));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try {
      Api.Company company = api.newCompany();
      Api.Response endpoint =
          api.post("/api/v1/webhooks")
              .bearer(company.testKey())
              .json(
                  Map.of(
                      "url",
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                      "events",
                      List.of("deal.won", "lead.scored"),
                      "secret",
                      "e2e-signing-secret-0123456789"))
              .send();
      assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);

      Api.Response contact =
          api.post("/api/v1/crm/contacts")
              .bearer(company.testKey())
              .json(Api.contact("Kitchen Customer"))
              .send();
      assertThat(contact.status()).as("%s", contact).isEqualTo(201);
      long contactId = contact.json().path("id").asLong();

      // Seed 000's body as written, with the id of a contact the company has.
      String body =
          "{\"title\": \"Kitchen Remodel\", \"stage\": \"New\", \"amount\": 1200000,"
              + " \"contact_id\": "
              + contactId
              + "}";
      Api.Response deal =
          api.post("/api/v1/crm/deals")
              .bearer(company.testKey())
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .raw("application/json", body)
              .send();
      assertThat(deal.status()).as("%s", deal).isEqualTo(201);
      assertThat(deal.json().path("stage").asText()).isEqualTo("New");
      assertThat(deal.json().path("status").asText()).isEqualTo("open");
      assertThat(deal.json().path("probability").asInt()).isEqualTo(10);
      assertThat(deal.json().path("weighted_amount").asLong()).isEqualTo(120_000);
      long dealId = deal.json().path("id").asLong();

      Api.Response unknown =
          api.post("/api/v1/crm/deals")
              .bearer(company.testKey())
              .raw("application/json", "{\"title\":\"X\",\"amount\":100,\"stage\":\"Nope\"}")
              .send();
      assertThat(unknown.status()).as("%s", unknown).isEqualTo(422);
      assertThat(unknown.json().path("details").path(0).path("field").asText()).isEqualTo("stage");

      Api.Response won =
          api.patch("/api/v1/crm/deals/" + dealId)
              .bearer(company.testKey())
              .raw("application/json", "{\"stage\":\"won\"}")
              .send();
      assertThat(won.status()).as("%s", won).isEqualTo(200);
      assertThat(won.json().path("status").asText()).isEqualTo("won");
      assertThat(won.json().path("closed_at").isTextual()).isTrue();
      Api.Response history =
          api.get("/api/v1/crm/deals/" + dealId + "/history").bearer(company.testKey()).send();
      assertThat(history.status()).as("%s", history).isEqualTo(200);
      List<String> stages = new ArrayList<>();
      history.json().path("items").forEach(h -> stages.add(h.path("to_stage").asText()));
      assertThat(stages).containsExactlyInAnyOrder("New", "Won");

      Api.Response activity =
          api.post("/api/v1/crm/activities")
              .bearer(company.testKey())
              .json(
                  Map.of(
                      "type",
                      "call",
                      "contact_id",
                      contactId,
                      "deal_id",
                      dealId,
                      "body",
                      "Walked through the kitchen plan",
                      "direction",
                      "outbound",
                      "duration_seconds",
                      600))
              .send();
      assertThat(activity.status()).as("%s", activity).isEqualTo(201);
      Api.Response task =
          api.post("/api/v1/crm/tasks")
              .bearer(company.testKey())
              .json(
                  Map.of(
                      "title",
                      "Send the contract",
                      "contact_id",
                      contactId,
                      "due_at",
                      "2020-01-01T09:00:00Z",
                      "priority",
                      "high"))
              .send();
      assertThat(task.status()).as("%s", task).isEqualTo(201);
      Api.Response overdue =
          api.get("/api/v1/crm/tasks?overdue=true").bearer(company.testKey()).send();
      assertThat(overdue.json().path("total").asInt()).as("%s", overdue).isEqualTo(1);
      Api.Response done =
          api.patch("/api/v1/crm/tasks/" + task.json().path("id").asLong())
              .bearer(company.testKey())
              .raw("application/json", "{\"status\":\"done\"}")
              .send();
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      assertThat(done.json().path("completed_at").isTextual()).isTrue();

      // The timeline: the call and both stage entries of the deal, newest first.
      Api.Response timeline =
          api.get("/api/v1/crm/contacts/" + contactId + "/timeline")
              .bearer(company.testKey())
              .send();
      assertThat(timeline.status()).as("%s", timeline).isEqualTo(200);
      List<String> refs = new ArrayList<>();
      timeline.json().path("items").forEach(i -> refs.add(i.path("ref").path("object").asText()));
      assertThat(refs).contains("activity", "deal");

      JsonNode wonHook = poll(received, "deal.won");
      assertThat(wonHook.path("data").path("id").asLong()).isEqualTo(dealId);
      // The contact's email gives it points under the default rules: its score moves by 5 or more.
      JsonNode scored = poll(received, "lead.scored");
      assertThat(scored.path("data").path("contact_id").asLong()).isEqualTo(contactId);
      assertThat(scored.path("data").path("score").asInt()).isPositive();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          api.get("/api/v1/crm/contacts/" + contactId)
                              .bearer(company.testKey())
                              .send()
                              .json()
                              .path("lead_score")
                              .asInt())
                      .isEqualTo(scored.path("data").path("score").asInt()));
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void analyticsKeyPullsEveryReportAndNothingElse(Api api) {
    Api.Company company = api.newCompany();
    Api.Response contact =
        api.post("/api/v1/crm/contacts")
            .bearer(company.testKey())
            .json(Api.contact("Funnel Person"))
            .send();
    assertThat(contact.status()).isEqualTo(201);
    Api.Response deal =
        api.post("/api/v1/crm/deals")
            .bearer(company.testKey())
            .json(
                Map.of(
                    "title",
                    "Roof",
                    "amount",
                    500_000,
                    "stage",
                    "Proposal",
                    "contact_id",
                    contact.json().path("id").asLong()))
            .send();
    assertThat(deal.status()).as("%s", deal).isEqualTo(201);

    String analytics =
        api.createKey(company.ownerToken(), "dashboards", List.of("read:analytics"), "test", null)
            .path("key")
            .asText();
    Api.Response funnel = api.get("/api/v1/analytics/funnel").bearer(analytics).send();
    assertThat(funnel.status()).as("%s", funnel).isEqualTo(200);
    assertThat(funnel.json().path("steps").path(0).path("count").asInt()).isEqualTo(1);
    assertThat(funnel.json().path("steps").path(3).path("key").asText()).isEqualTo("with_deal");
    assertThat(funnel.json().path("steps").path(3).path("count").asInt()).isEqualTo(1);
    Api.Response pipeline = api.get("/api/v1/analytics/pipeline").bearer(analytics).send();
    assertThat(pipeline.status()).as("%s", pipeline).isEqualTo(200);
    assertThat(pipeline.json().path("open").path("weighted_amount").asLong()).isEqualTo(250_000);
    Api.Response forecast =
        api.get("/api/v1/analytics/forecast?interval=month&periods=3").bearer(analytics).send();
    assertThat(forecast.status()).as("%s", forecast).isEqualTo(200);
    assertThat(forecast.json().path("periods").size()).isEqualTo(3);
    assertThat(forecast.json().path("without_close_date").path("weighted_amount").asLong())
        .isEqualTo(250_000);
    for (String path :
        List.of(
            "/api/v1/analytics/sequences",
            "/api/v1/analytics/accounts",
            "/api/v1/analytics/messages?interval=day",
            "/api/v1/analytics/revenue?interval=month")) {
      Api.Response report = api.get(path).bearer(analytics).send();
      assertThat(report.status()).as("%s: %s", path, report).isEqualTo(200);
    }
    // The analytics key reads reports only; the full key lacks nothing, a deals key lacks
    // analytics.
    Api.Response deals = api.get("/api/v1/crm/deals").bearer(analytics).send();
    assertThat(deals.status()).as("%s", deals).isEqualTo(403);
    String dealsOnly =
        api.createKey(company.ownerToken(), "deals", List.of("read:deals"), "test", null)
            .path("key")
            .asText();
    Api.Response refused = api.get("/api/v1/analytics/funnel").bearer(dealsOnly).send();
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.body()).contains("read:analytics");
    Api.Response write =
        api.post("/api/v1/crm/deals")
            .bearer(dealsOnly)
            .json(Map.of("title", "No", "amount", 100))
            .send();
    assertThat(write.status()).as("%s", write).isEqualTo(403);
    assertThat(write.body()).contains("write:deals");
  }

  private static JsonNode poll(BlockingQueue<JsonNode> received, String event)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<JsonNode> others = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      JsonNode next = received.poll(1, TimeUnit.SECONDS);
      if (next != null && event.equals(next.path("event").asText())) {
        received.addAll(others);
        return next;
      }
      if (next != null) {
        others.add(next);
      }
    }
    throw new AssertionError("no " + event + " webhook within 60 s; got " + others);
  }
}
