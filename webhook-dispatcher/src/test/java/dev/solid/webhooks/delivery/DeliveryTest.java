package dev.solid.webhooks.delivery;

import static dev.solid.webhooks.Support.as;
import static dev.solid.webhooks.Support.deliveryDetail;
import static dev.solid.webhooks.Support.envelope;
import static dev.solid.webhooks.Support.manager;
import static dev.solid.webhooks.Support.newCompany;
import static dev.solid.webhooks.Support.newEventId;
import static dev.solid.webhooks.Support.produce;
import static dev.solid.webhooks.Support.sendTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.solid.common.caller.Scopes;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.kit.crypto.TenantCipher;
import dev.solid.webhooks.Receiver;
import dev.solid.webhooks.Receiver.Answer;
import dev.solid.webhooks.Support;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class DeliveryTest {
  private static final String CRM_TOPIC = "solid.crm.events.v1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject TenantCipher cipher;

  @Test
  void shouldSignDeliveriesSoBothSeedSnippetsAndStandardWebhooksVerify() throws Exception {
    long company = newCompany();
    try (Receiver generated = Receiver.ok();
        Receiver chosen = Receiver.ok()) {
      String generatedSecret =
          (String)
              Support.createEndpoint(company, generated.url(), List.of("contact.created"))
                  .get("secret");
      String chosenSecret = "your-chosen-signing-secret";
      manager(company)
          .body(Map.of("url", chosen.url(), "events", List.of("*"), "secret", chosenSecret))
          .post("/api/v1/webhooks")
          .then()
          .statusCode(201);
      String eventId = newEventId();
      produce(CRM_TOPIC, company, envelope(eventId, "contact.created", company, false));
      await("both receivers got the event")
          .atMost(WAIT)
          .until(() -> generated.received().size() == 1 && chosen.received().size() == 1);

      for (var pair :
          List.of(
              Map.entry(generated.received().get(0), generatedSecret),
              Map.entry(chosen.received().get(0), chosenSecret))) {
        Receiver.Received request = pair.getKey();
        String secret = pair.getValue();
        assertThat(request.bodyText())
            .isEqualTo(
                "{\"event\":\"contact.created\",\"id\":\""
                    + eventId
                    + "\",\"created_at\":\"2026-01-02T03:04:05.678Z\",\"data\":{\"contact_id\":42,"
                    + "\"name\":\"Sarah Miller\",\"tags\":[\"trial\"]}}");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("Solid-Webhooks/1.0");
        // Seed 000: crypto.createHmac('sha256', SECRET).update(req.rawBody).digest('hex')
        String expectedHex = hex(hmac(secret.getBytes(StandardCharsets.UTF_8), request.body()));
        assertThat(request.header("X-Solid-Signature")).isEqualTo(expectedHex);
        // Seed 001: 'sha256=' + the same hex, compared in full (timingSafeEqual)
        assertThat(request.header("X-Signature")).isEqualTo("sha256=" + expectedHex);
        assertThat(request.header("X-Solid-Signature-Previous")).isNull();
        // Standard Webhooks
        assertThat(request.header("webhook-id")).isEqualTo(eventId);
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - timestamp)).isLessThan(60);
        byte[] key =
            secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
        String signed = eventId + "." + timestamp + "." + request.bodyText();
        assertThat(request.header("webhook-signature"))
            .isEqualTo(
                "v1,"
                    + Base64.getEncoder()
                        .encodeToString(hmac(key, signed.getBytes(StandardCharsets.UTF_8))));
      }
    }
  }

  @Test
  void shouldRetryUntilDeliveredWhenReceiverFailsTwice() {
    long company = newCompany();
    try (Receiver flaky =
        Receiver.answering(
            n -> n <= 2 ? new Answer(500, "boom " + n, Map.of(), 0) : Answer.status(200))) {
      long endpoint = endpointId(Support.createEndpoint(company, flaky.url(), List.of("deal.won")));
      produce(CRM_TOPIC, company, envelope(newEventId(), "deal.won", company, false));
      await("the delivery is delivered")
          .atMost(WAIT)
          .until(() -> "delivered".equals(firstDelivery(company, endpoint).getString("status")));
      long deliveryId = firstDelivery(company, endpoint).getLong("id");
      JsonPath detail = deliveryDetail(company, endpoint, deliveryId);
      assertThat(detail.getInt("attempt_count")).isEqualTo(3);
      assertThat(detail.getList("attempts.response_status", Integer.class))
          .containsExactly(500, 500, 200);
      assertThat(detail.getList("attempts.response_body", String.class))
          .containsExactly("boom 1", "boom 2", "ok");
      assertThat(detail.getList("attempts.latency_ms", Integer.class)).allMatch(ms -> ms >= 0);
      assertThat(detail.getList("attempts.attempted_at", String.class)).doesNotContainNull();
      assertThat(flaky.received()).hasSize(3);
      assertThat(flaky.received().get(2).body()).isEqualTo(flaky.received().get(0).body());
    }
  }

  @Test
  void shouldReplayTheIdenticalBytes() {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      long endpoint = endpointId(Support.createEndpoint(company, receiver.url(), List.of("*")));
      produce(CRM_TOPIC, company, envelope(newEventId(), "contact.tagged", company, false));
      await("first delivery").atMost(WAIT).until(() -> receiver.received().size() == 1);
      await("recorded as delivered")
          .atMost(WAIT)
          .until(() -> "delivered".equals(firstDelivery(company, endpoint).getString("status")));
      long deliveryId = firstDelivery(company, endpoint).getLong("id");
      manager(company)
          .post("/api/v1/webhooks/" + endpoint + "/deliveries/" + deliveryId + "/replay")
          .then()
          .statusCode(202)
          .body("id", is((int) deliveryId));
      await("replayed delivery").atMost(WAIT).until(() -> receiver.received().size() == 2);
      assertThat(receiver.received().get(1).body()).isEqualTo(receiver.received().get(0).body());
      assertThat(receiver.received().get(1).header("X-Solid-Signature"))
          .isEqualTo(receiver.received().get(0).header("X-Solid-Signature"));
      await("second attempt logged")
          .atMost(WAIT)
          .until(() -> deliveryDetail(company, endpoint, deliveryId).getInt("attempt_count") == 2);
      assertThat(
              deliveryDetail(company, endpoint, deliveryId)
                  .getList("attempts.manual", Boolean.class))
          .containsExactly(false, true);
    }
  }

  @Test
  void shouldRecordOneDeliveryForDuplicateKafkaRecordsAndMatchOnlyModeAndType() {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      long endpoint =
          endpointId(Support.createEndpoint(company, receiver.url(), List.of("contact.created")));
      String duplicated = newEventId();
      String value = envelope(duplicated, "contact.created", company, false);
      produce(
          CRM_TOPIC,
          company,
          value,
          value,
          envelope(newEventId(), "contact.created", company, true),
          envelope(newEventId(), "deal.won", company, false),
          envelope(newEventId(), "contact.created", newCompany(), false));
      produce(CRM_TOPIC, company, value);
      String marker = newEventId();
      produce(CRM_TOPIC, company, envelope(marker, "contact.created", company, false));
      await("marker delivered")
          .atMost(WAIT)
          .until(
              () ->
                  receiver.received().stream()
                      .anyMatch(r -> marker.equals(r.header("webhook-id"))));
      manager(company)
          .queryParam("event", "contact.created")
          .get("/api/v1/webhooks/" + endpoint + "/deliveries")
          .then()
          .statusCode(200)
          .body("total", is(2));
      assertThat(receiver.received().stream().map(r -> r.header("webhook-id")))
          .containsExactlyInAnyOrder(duplicated, marker);
    }
  }

  @Test
  void shouldSkipRecordsThatAreNotEventEnvelopesAndDeliverTheRest() {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      long endpoint = endpointId(Support.createEndpoint(company, receiver.url(), List.of("*")));
      String marker = newEventId();
      produce(
          CRM_TOPIC,
          company,
          "not json at all",
          "{}",
          "[1,2,3]",
          "{\"id\":\"" + newEventId() + "\",\"company_id\":" + company + "}",
          envelope(marker, "contact.created", company, false));
      await("the envelope after the non-envelopes is delivered")
          .atMost(WAIT)
          .until(() -> receiver.received().size() == 1);
      assertThat(receiver.received().get(0).header("webhook-id")).isEqualTo(marker);
      manager(company)
          .get("/api/v1/webhooks/" + endpoint + "/deliveries")
          .then()
          .body("total", is(1));
    }
  }

  @Test
  void shouldRefuseAtSendTimeAUrlWhoseHostIsAnAmbiguousNumericForm() throws Exception {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      int port = java.net.URI.create(receiver.url()).getPort();
      // Stored before the rule existed (the API refuses them now). Java reads both as loopback,
      // where the receiver listens; other software reads them in other ways.
      for (String url :
          List.of("http://127.1:" + port + "/hooks", "http://2130706433:" + port + "/hooks")) {
        long endpoint =
            Support.insertEndpoint(
                company,
                url,
                cipher.seal("a-stored-signing-secret".getBytes(StandardCharsets.UTF_8), company));
        long delivery = sendTest(company, endpoint);
        await("a refused attempt is logged for " + url)
            .atMost(WAIT)
            .until(() -> deliveryDetail(company, endpoint, delivery).getInt("attempt_count") >= 1);
        JsonPath d = deliveryDetail(company, endpoint, delivery);
        assertThat(d.getString("attempts[0].error")).startsWith("ambiguous_address");
        assertThat(d.getString("attempts[0].response_status")).isNull();
      }
      assertThat(receiver.received()).isEmpty();
    }
  }

  @Test
  void shouldSignWithBothSecretsDuringRotationOverlap() throws Exception {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      String oldSecret = "old-secret-for-rotation";
      long endpoint = endpointWithSecret(company, receiver.url(), oldSecret);
      String newSecret =
          manager(company)
              .post("/api/v1/webhooks/" + endpoint + "/rotate-secret")
              .then()
              .statusCode(200)
              .extract()
              .path("secret");
      assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
      manager(company).post("/api/v1/webhooks/" + endpoint + "/test").then().statusCode(202);
      await("test event").atMost(WAIT).until(() -> receiver.received().size() == 1);
      Receiver.Received request = receiver.received().get(0);
      assertThat(request.bodyText()).contains("\"event\":\"webhook.test\"");
      byte[] body = request.body();
      String newHex = hex(hmac(newSecret.getBytes(StandardCharsets.UTF_8), body));
      String oldHex = hex(hmac(oldSecret.getBytes(StandardCharsets.UTF_8), body));
      assertThat(request.header("X-Solid-Signature")).isEqualTo(newHex);
      assertThat(request.header("X-Signature")).isEqualTo("sha256=" + newHex);
      assertThat(request.header("X-Solid-Signature-Previous")).isEqualTo(oldHex);
      String signed =
          request.header("webhook-id")
              + "."
              + request.header("webhook-timestamp")
              + "."
              + request.bodyText();
      byte[] signedBytes = signed.getBytes(StandardCharsets.UTF_8);
      String expectedNew =
          "v1,"
              + Base64.getEncoder()
                  .encodeToString(
                      hmac(Base64.getDecoder().decode(newSecret.substring(6)), signedBytes));
      String expectedOld =
          "v1,"
              + Base64.getEncoder()
                  .encodeToString(hmac(oldSecret.getBytes(StandardCharsets.UTF_8), signedBytes));
      assertThat(request.header("webhook-signature")).isEqualTo(expectedNew + " " + expectedOld);
    }
  }

  @Test
  void shouldDisableEndpointOnGoneAndRecordWebhookDisabledEvent() throws Exception {
    long company = newCompany();
    try (Receiver gone = Receiver.answering(n -> Answer.status(410))) {
      long endpoint = endpointId(Support.createEndpoint(company, gone.url(), List.of("*")));
      manager(company).post("/api/v1/webhooks/" + endpoint + "/test").then().statusCode(202);
      await("endpoint disabled")
          .atMost(WAIT)
          .until(
              () ->
                  !manager(company)
                      .get("/api/v1/webhooks/" + endpoint)
                      .jsonPath()
                      .getBoolean("enabled"));
      JsonPath delivery = firstDelivery(company, endpoint);
      assertThat(delivery.getString("status")).isEqualTo("failed");
      assertThat(delivery.getInt("attempt_count")).isEqualTo(1);
      assertThat(gone.received()).hasSize(1);
      try (var db = Support.db();
          var st =
              db.prepareStatement(
                  "SELECT topic, record_key, payload FROM webhooks.outbox"
                      + " WHERE record_key = ? AND payload LIKE '%webhook.disabled%'")) {
        st.setString(1, Long.toString(company));
        var rs = st.executeQuery();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("topic")).isEqualTo("solid.webhooks.events.v1");
        JsonPath event = JsonPath.from(rs.getString("payload"));
        assertThat(event.getString("id")).startsWith("evt_");
        assertThat(event.getString("event")).isEqualTo("webhook.disabled");
        assertThat(event.getLong("company_id")).isEqualTo(company);
        assertThat(event.getBoolean("livemode")).isFalse();
        assertThat(event.getLong("data.endpoint_id")).isEqualTo(endpoint);
        assertThat(event.getString("data.reason")).isEqualTo("gone");
      }
      manager(company).post("/api/v1/webhooks/" + endpoint + "/test").then().statusCode(409);
    }
  }

  @Test
  void shouldDisableEndpointWhoseDeliveriesOnlyFailedForTheDisablePeriod() throws Exception {
    // Test profile: 5 attempts 1 s apart, disable after 2 s of nothing but failures.
    long company = newCompany();
    try (Receiver failing = Receiver.answering(n -> new Answer(500, "down", Map.of(), 0))) {
      long endpoint = endpointId(Support.createEndpoint(company, failing.url(), List.of("*")));
      manager(company).post("/api/v1/webhooks/" + endpoint + "/test").then().statusCode(202);
      await("endpoint disabled")
          .atMost(WAIT)
          .until(
              () ->
                  !manager(company)
                      .get("/api/v1/webhooks/" + endpoint)
                      .jsonPath()
                      .getBoolean("enabled"));
      manager(company)
          .get("/api/v1/webhooks/" + endpoint)
          .then()
          .body("disabled_reason", is("failing"));
      JsonPath delivery = firstDelivery(company, endpoint);
      assertThat(delivery.getString("status")).isEqualTo("failed");
      assertThat(delivery.getInt("attempt_count")).isEqualTo(5);
      assertThat(failing.received()).hasSize(5);
      try (var db = Support.db();
          var st =
              db.prepareStatement(
                  "SELECT payload FROM webhooks.outbox WHERE record_key = ?"
                      + " AND payload LIKE '%webhook.disabled%'")) {
        st.setString(1, Long.toString(company));
        var rs = st.executeQuery();
        assertThat(rs.next()).isTrue();
        assertThat(JsonPath.from(rs.getString(1)).getString("data.reason")).isEqualTo("failing");
      }
    }
  }

  @Test
  void shouldNotDelayFastEndpointBehindSlowOne() {
    long company = newCompany();
    // The slow receiver answers only when the test says so: what is proved below does not depend
    // on how fast this machine is.
    try (Receiver slow = Receiver.answering(n -> Answer.heldUntilReleased(200));
        Receiver fast = Receiver.ok()) {
      long slowEndpoint =
          endpointId(Support.createEndpoint(company, slow.url(), List.of("order.created")));
      long fastEndpoint =
          endpointId(Support.createEndpoint(company, fast.url(), List.of("order.paid")));
      int events = 8;
      produce(CRM_TOPIC, company, events(company, "order.created", events));
      // The slow endpoint takes its 4 in-flight slots and keeps them; 4 more wait in its backlog,
      // older than anything the fast endpoint gets next.
      await("slow endpoint holds 4 requests").atMost(WAIT).until(() -> slow.received().size() == 4);
      produce(CRM_TOPIC, company, events(company, "order.paid", events));
      await("fast endpoint got every event")
          .atMost(WAIT)
          .until(() -> fast.received().size() == events);
      assertDeliveredAtFirstAttempt(company, fastEndpoint, events);
      // Still within the slow endpoint's first 4 attempts (none ended, by answer or timeout): the
      // fast endpoint was served entirely beside the slow one's backlog, not after it.
      assertThat(slow.received()).hasSize(4);
      assertThat(attemptCounts(company, slowEndpoint)).hasSize(events).containsOnly(0);
      slow.releaseHeld();
      await("slow endpoint got every event")
          .atMost(WAIT)
          .until(() -> slow.received().size() == events);
      assertThat(slow.maxConcurrent()).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void shouldDeliverPendingRetryLeftBehindByACrashedDispatcher() throws Exception {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      long endpoint = endpointId(Support.createEndpoint(company, receiver.url(), List.of("*")));
      // What a dispatcher killed mid-schedule leaves in PostgreSQL: a pending delivery after one
      // failed attempt, claimed under a lease that has expired, and one whose lease still runs.
      String expired = newEventId();
      String leased = newEventId();
      // A lease long enough that the expired row is surely out first on a loaded machine.
      long insertedAt = System.currentTimeMillis();
      try (var db = Support.db()) {
        insertPending(db, company, endpoint, expired, "now() - interval '1 second'");
        insertPending(db, company, endpoint, leased, "now() + interval '10 seconds'");
      }
      await("expired lease delivered")
          .atMost(WAIT)
          .until(
              () ->
                  receiver.received().stream()
                      .anyMatch(r -> expired.equals(r.header("webhook-id"))));
      assertThat(receiver.received()).noneMatch(r -> leased.equals(r.header("webhook-id")));
      await("live lease delivered after it ends")
          .atMost(WAIT)
          .until(
              () ->
                  receiver.received().stream()
                      .anyMatch(r -> leased.equals(r.header("webhook-id"))));
      long leasedAt =
          receiver.received().stream()
              .filter(r -> leased.equals(r.header("webhook-id")))
              .findFirst()
              .orElseThrow()
              .receivedAtMillis();
      // Never before its lease ended (set by the database a little after insertedAt).
      assertThat(leasedAt - insertedAt).isGreaterThanOrEqualTo(9_500);
      await("both recorded")
          .atMost(WAIT)
          .until(
              () ->
                  manager(company)
                          .queryParam("status", "delivered")
                          .get("/api/v1/webhooks/" + endpoint + "/deliveries")
                          .jsonPath()
                          .getInt("total")
                      == 2);
      assertThat(receiver.received()).hasSize(2);
      JsonPath list =
          manager(company).get("/api/v1/webhooks/" + endpoint + "/deliveries").jsonPath();
      assertThat(list.getList("items.attempt_count", Integer.class)).containsOnly(2);
    }
  }

  @Test
  void shouldHideDeliveriesFromOtherCompanies() {
    long owner = newCompany();
    long other = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      long endpoint = endpointId(Support.createEndpoint(owner, receiver.url(), List.of("*")));
      long otherEndpoint = endpointId(Support.createEndpoint(other, receiver.url(), List.of("*")));
      long delivery = sendTest(owner, endpoint);
      manager(owner)
          .get("/api/v1/webhooks/" + endpoint + "/deliveries/" + delivery)
          .then()
          .statusCode(200);
      manager(other).get("/api/v1/webhooks/" + endpoint + "/deliveries").then().statusCode(404);
      manager(other)
          .get("/api/v1/webhooks/" + endpoint + "/deliveries/" + delivery)
          .then()
          .statusCode(404)
          .body("code", is("not_found"));
      manager(other)
          .get("/api/v1/webhooks/" + otherEndpoint + "/deliveries/" + delivery)
          .then()
          .statusCode(404);
      manager(other)
          .post("/api/v1/webhooks/" + endpoint + "/deliveries/" + delivery + "/replay")
          .then()
          .statusCode(404);
      manager(other).post("/api/v1/webhooks/" + endpoint + "/test").then().statusCode(404);
      as(owner, true, Scopes.MANAGE_WEBHOOKS)
          .get("/api/v1/webhooks/" + endpoint + "/deliveries/" + delivery)
          .then()
          .statusCode(404);
      as(owner, false, Scopes.READ_CONTACTS)
          .get("/api/v1/webhooks/" + endpoint + "/deliveries")
          .then()
          .statusCode(403);
      manager(owner)
          .queryParam("status", "exploded")
          .get("/api/v1/webhooks/" + endpoint + "/deliveries")
          .then()
          .statusCode(422);
    }
  }

  @Test
  void shouldDeliverToFastPathWhileAnotherEndpointOnTheSameHostIsSlow() {
    // Two endpoints on ONE host:port, differing only by path: the HTTP client's pool is per
    // host:port, so it must not let the slow endpoint's connections starve the fast one. The slow
    // path answers only when the test says so, so it holds its connections as long as needed.
    long company = newCompany();
    try (Receiver shared =
        Receiver.answeringByPath(
            (path, n) ->
                path.equals("/slow") ? Answer.heldUntilReleased(200) : Answer.status(200))) {
      long slowEndpoint =
          endpointId(
              Support.createEndpoint(company, shared.url("/slow"), List.of("order.created")));
      long fastEndpoint =
          endpointId(Support.createEndpoint(company, shared.url("/fast"), List.of("order.paid")));
      int events = 8;
      produce(CRM_TOPIC, company, events(company, "order.created", events));
      await("slow path holds 4 connections")
          .atMost(WAIT)
          .until(() -> shared.received("/slow").size() == 4);
      produce(CRM_TOPIC, company, events(company, "order.paid", events));
      await("fast path got every event")
          .atMost(WAIT)
          .until(() -> shared.received("/fast").size() == events);
      // Each fast delivery got a connection at once (a wait in the pool would end in a
      // connect-timeout failure and a retry) while the slow path still held all of its own.
      assertDeliveredAtFirstAttempt(company, fastEndpoint, events);
      assertThat(shared.received("/slow")).hasSize(4);
      assertThat(attemptCounts(company, slowEndpoint)).containsOnly(0);
      shared.releaseHeld();
      await("slow path got every event")
          .atMost(WAIT)
          .until(() -> shared.received("/slow").size() == events);
    }
  }

  @Test
  void shouldSendAReplayRequestedWhileAnAttemptIsInFlight() {
    long company = newCompany();
    // The first attempt is answered only when the test says so: the replay is asked for while it
    // is surely in flight.
    try (Receiver receiver =
        Receiver.answering(n -> n == 1 ? Answer.heldUntilReleased(200) : Answer.status(200))) {
      long endpoint = endpointId(Support.createEndpoint(company, receiver.url(), List.of("*")));
      long delivery = sendTest(company, endpoint);
      await("first attempt in flight").atMost(WAIT).until(() -> receiver.received().size() == 1);
      manager(company)
          .post("/api/v1/webhooks/" + endpoint + "/deliveries/" + delivery + "/replay")
          .then()
          .statusCode(202);
      assertThat(receiver.received()).as("nothing sent beside the attempt in flight").hasSize(1);
      receiver.releaseHeld();
      await("replay sent after the attempt in flight")
          .atMost(WAIT)
          .until(() -> receiver.received().size() == 2);
      await("both attempts logged and delivered")
          .atMost(WAIT)
          .until(
              () -> {
                JsonPath d = deliveryDetail(company, endpoint, delivery);
                return d.getInt("attempt_count") == 2 && "delivered".equals(d.getString("status"));
              });
      assertThat(
              deliveryDetail(company, endpoint, delivery).getList("attempts.manual", Boolean.class))
          .containsExactly(false, true);
      assertThat(receiver.received().get(1).receivedAtMillis())
          .isGreaterThanOrEqualTo(receiver.received().get(0).answeredAt().get());
      // Exactly one extra send: the delivered replay did not leave the delivery pending again.
      assertThat(receiver.received()).hasSize(2);
    }
  }

  @Test
  void shouldWaitForRetryAfterInSecondsAndAsHttpDate() {
    long company = newCompany();
    // The test schedule retries after 1 s; these answers ask for 2 s, then for a date ~3 s ahead.
    try (Receiver limited =
        Receiver.answering(
            n ->
                switch (n) {
                  case 1 -> new Answer(429, "slow down", Map.of("Retry-After", "2"), 0);
                  case 2 ->
                      new Answer(
                          503,
                          "maintenance",
                          Map.of(
                              "Retry-After",
                              DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                  ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3))),
                          0);
                  default -> Answer.status(200);
                })) {
      long endpoint = endpointId(Support.createEndpoint(company, limited.url(), List.of("*")));
      long delivery = sendTest(company, endpoint);
      awaitStatus(company, endpoint, delivery, "delivered", "delivered on the third attempt");
      List<Receiver.Received> got = limited.received();
      assertThat(got).hasSize(3);
      assertThat(got.get(1).receivedAtMillis() - got.get(0).answeredAt().get())
          .as("ms between the 429 and the next attempt")
          .isGreaterThanOrEqualTo(1900);
      // An HTTP-date has whole seconds: "now + 3 s" is at least 2 s away when it is read.
      assertThat(got.get(2).receivedAtMillis() - got.get(1).answeredAt().get())
          .as("ms between the 503 and the next attempt")
          .isGreaterThanOrEqualTo(1900);
    }
  }

  @Test
  void shouldNotFollowRedirects() {
    long company = newCompany();
    try (Receiver target = Receiver.ok();
        Receiver redirecting =
            Receiver.answering(
                n -> new Answer(302, "moved", Map.of("Location", target.url()), 0))) {
      long endpoint = endpointId(Support.createEndpoint(company, redirecting.url(), List.of("*")));
      long delivery = sendTest(company, endpoint);
      awaitStatus(company, endpoint, delivery, "failed", "every attempt used up");
      JsonPath d = deliveryDetail(company, endpoint, delivery);
      assertThat(d.getList("attempts.response_status", Integer.class))
          .isNotEmpty()
          .containsOnly(302);
      assertThat(redirecting.received()).hasSize(d.getInt("attempt_count"));
      assertThat(target.received()).isEmpty();
    }
  }

  @Test
  void shouldKeepOnlyTheFirst2KbOfTheResponseBody() {
    long company = newCompany();
    String big = "0123456789".repeat(500);
    try (Receiver chatty = Receiver.answering(n -> new Answer(200, big, Map.of(), 0))) {
      long endpoint = endpointId(Support.createEndpoint(company, chatty.url(), List.of("*")));
      long delivery = sendTest(company, endpoint);
      awaitStatus(company, endpoint, delivery, "delivered", "delivered");
      assertThat(deliveryDetail(company, endpoint, delivery).getString("attempts[0].response_body"))
          .isEqualTo(big.substring(0, 2048));
    }
  }

  @Test
  void shouldPageAndFilterDeliveriesByStatusAndEvent() throws Exception {
    long company = newCompany();
    long endpoint =
        endpointId(Support.createEndpoint(company, "http://127.0.0.1:9/hooks", List.of("*")));
    try (var db = Support.db()) {
      insertWithStatus(db, company, endpoint, "contact.created", "pending");
      insertWithStatus(db, company, endpoint, "contact.created", "delivered");
      insertWithStatus(db, company, endpoint, "deal.won", "delivered");
      insertWithStatus(db, company, endpoint, "deal.won", "failed");
      insertWithStatus(db, company, endpoint, "contact.created", "failed");
    }
    String path = "/api/v1/webhooks/" + endpoint + "/deliveries";
    JsonPath first = manager(company).queryParam("limit", 2).get(path).jsonPath();
    assertThat(first.getInt("total")).isEqualTo(5);
    assertThat(first.getList("items")).hasSize(2);
    assertThat(first.getBoolean("has_more")).isTrue();
    JsonPath last =
        manager(company).queryParam("limit", 2).queryParam("offset", 4).get(path).jsonPath();
    assertThat(last.getList("items")).hasSize(1);
    assertThat(last.getBoolean("has_more")).isFalse();
    assertThat(last.getInt("offset")).isEqualTo(4);
    List<Long> all =
        manager(company)
            .queryParam("limit", 200)
            .get(path)
            .jsonPath()
            .getList("items.id", Long.class);
    List<Long> paged = new java.util.ArrayList<>(first.getList("items.id", Long.class));
    paged.addAll(
        manager(company)
            .queryParam("limit", 2)
            .queryParam("offset", 2)
            .get(path)
            .jsonPath()
            .getList("items.id", Long.class));
    paged.addAll(last.getList("items.id", Long.class));
    assertThat(paged).containsExactlyElementsOf(all).doesNotHaveDuplicates();
    for (var expected : Map.of("pending", 1, "delivered", 2, "failed", 2).entrySet()) {
      JsonPath page = manager(company).queryParam("status", expected.getKey()).get(path).jsonPath();
      assertThat(page.getInt("total")).as(expected.getKey()).isEqualTo(expected.getValue());
      assertThat(page.getList("items.status", String.class)).containsOnly(expected.getKey());
    }
    JsonPath deals = manager(company).queryParam("event", "deal.won").get(path).jsonPath();
    assertThat(deals.getInt("total")).isEqualTo(2);
    assertThat(deals.getList("items.event", String.class)).containsOnly("deal.won");
    JsonPath failedContacts =
        manager(company)
            .queryParam("event", "contact.created")
            .queryParam("status", "failed")
            .get(path)
            .jsonPath();
    assertThat(failedContacts.getInt("total")).isEqualTo(1);
  }

  @Test
  void shouldPublishWebhookDisabledToKafkaSoOtherEndpointsReceiveIt() {
    long company = newCompany();
    try (Receiver gone = Receiver.answering(n -> Answer.status(410));
        Receiver watcher = Receiver.ok()) {
      long goneEndpoint =
          endpointId(Support.createEndpoint(company, gone.url(), List.of("deal.won")));
      Support.createEndpoint(company, watcher.url(), List.of("webhook.disabled"));
      sendTest(company, goneEndpoint);
      // The only way to the watcher is outbox -> relay -> Kafka -> this dispatcher's consumer.
      await("webhook.disabled delivered").atMost(WAIT).until(() -> watcher.received().size() == 1);
      JsonPath event = JsonPath.from(watcher.received().get(0).bodyText());
      assertThat(event.getString("event")).isEqualTo("webhook.disabled");
      assertThat(event.getString("id")).startsWith("evt_");
      assertThat(event.getLong("data.endpoint_id")).isEqualTo(goneEndpoint);
      assertThat(event.getString("data.reason")).isEqualTo("gone");
    }
  }

  @Test
  void shouldRecordAFailedAttemptWhenTheSecretDoesNotDecrypt() throws Exception {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      // What a secret stored under another encryption key looks like to this one.
      byte[] foreign = new byte[12 + 32 + 16];
      new java.security.SecureRandom().nextBytes(foreign);
      // A stored value too short to hold even the 12-byte nonce (truncated or corrupted).
      byte[] tooShort = {1, 2, 3, 4, 5};
      for (byte[] stored : List.of(foreign, tooShort)) {
        long endpoint = Support.insertEndpoint(company, receiver.url(), stored);
        long delivery = sendTest(company, endpoint);
        await("a failed attempt is logged for a " + stored.length + "-byte secret")
            .atMost(WAIT)
            .until(() -> deliveryDetail(company, endpoint, delivery).getInt("attempt_count") >= 1);
        JsonPath d = deliveryDetail(company, endpoint, delivery);
        assertThat(d.getString("attempts[0].error")).startsWith("secret_unreadable");
        assertThat(d.getString("attempts[0].response_status")).isNull();
        assertThat(d.getString("last_error")).startsWith("secret_unreadable");
      }
      assertThat(receiver.received()).isEmpty();
    }
  }

  @Test
  void shouldKeepTheFirstSecretSigningAfterASecondRotationWithinTheOverlap() throws Exception {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      String first = "first-secret-before-rotations";
      long endpoint = endpointWithSecret(company, receiver.url(), first);
      String second = rotate(company, endpoint);
      String third = rotate(company, endpoint);
      sendTest(company, endpoint);
      await("test event").atMost(WAIT).until(() -> receiver.received().size() == 1);
      byte[] body = receiver.received().get(0).body();
      Receiver.Received request = receiver.received().get(0);
      assertThat(request.header("X-Solid-Signature"))
          .isEqualTo(hex(hmac(third.getBytes(StandardCharsets.UTF_8), body)));
      assertThat(request.header("X-Solid-Signature-Previous"))
          .isEqualTo(
              hex(hmac(second.getBytes(StandardCharsets.UTF_8), body))
                  + ","
                  + hex(hmac(first.getBytes(StandardCharsets.UTF_8), body)));
      assertThat(request.header("webhook-signature").split(" ")).hasSize(3);
    }
  }

  /** Registers an endpoint (test mode, every event) with the given secret; its id. */
  private static long endpointWithSecret(long company, String url, String secret) {
    return manager(company)
        .body(Map.of("url", url, "events", List.of("*"), "secret", secret))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static String rotate(long company, long endpoint) {
    return manager(company)
        .post("/api/v1/webhooks/" + endpoint + "/rotate-secret")
        .then()
        .statusCode(200)
        .body("previous_secret_expires_at", org.hamcrest.Matchers.notNullValue())
        .extract()
        .path("secret");
  }

  private static void insertWithStatus(
      java.sql.Connection db, long company, long endpoint, String event, String status)
      throws Exception {
    try (var st =
        db.prepareStatement(
            "INSERT INTO webhooks.deliveries (company_id, livemode, endpoint_id, event_id,"
                + " event_type, payload, status, attempt_count, max_attempts, next_attempt_at)"
                + " VALUES (?, false, ?, ?, ?, '\\x7b7d'::bytea, ?, 1, 5,"
                + " CASE WHEN ? = 'pending' THEN now() + interval '1 day' END)")) {
      st.setLong(1, company);
      st.setLong(2, endpoint);
      st.setString(3, newEventId());
      st.setString(4, event);
      st.setString(5, status);
      st.setString(6, status);
      st.executeUpdate();
    }
  }

  private static void insertPending(
      java.sql.Connection db, long company, long endpoint, String eventId, String lockedUntil)
      throws Exception {
    String body =
        "{\"event\":\"contact.created\",\"id\":\""
            + eventId
            + "\",\"created_at\":\"2026-01-02T03:04:05Z\",\"data\":{}}";
    try (var st =
        db.prepareStatement(
            "INSERT INTO webhooks.deliveries (company_id, livemode, endpoint_id, event_id,"
                + " event_type, payload, status, attempt_count, max_attempts, next_attempt_at,"
                + " locked_until, lease_token) VALUES (?, false, ?, ?, 'contact.created', ?,"
                + " 'pending', 1, 5, now() - interval '1 minute', "
                + lockedUntil
                + ", ?)")) {
      st.setLong(1, company);
      st.setLong(2, endpoint);
      st.setString(3, eventId);
      st.setBytes(4, body.getBytes(StandardCharsets.UTF_8));
      st.setObject(5, UUID.randomUUID());
      st.executeUpdate();
    }
  }

  private static long endpointId(Map<String, Object> endpoint) {
    return ((Number) endpoint.get("id")).longValue();
  }

  private static String[] events(long company, String type, int n) {
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      values[i] = envelope(newEventId(), type, company, false);
    }
    return values;
  }

  /** attempt_count of every delivery of the endpoint. */
  private static List<Integer> attemptCounts(long company, long endpoint) {
    return manager(company)
        .queryParam("limit", 200)
        .get("/api/v1/webhooks/" + endpoint + "/deliveries")
        .jsonPath()
        .getList("items.attempt_count", Integer.class);
  }

  private static void assertDeliveredAtFirstAttempt(long company, long endpoint, int n) {
    await("every delivery recorded as delivered")
        .atMost(WAIT)
        .until(
            () ->
                manager(company)
                        .queryParam("status", "delivered")
                        .get("/api/v1/webhooks/" + endpoint + "/deliveries")
                        .jsonPath()
                        .getInt("total")
                    == n);
    assertThat(attemptCounts(company, endpoint)).hasSize(n).containsOnly(1);
  }

  private static JsonPath firstDelivery(long company, long endpoint) {
    return manager(company)
        .get("/api/v1/webhooks/" + endpoint + "/deliveries")
        .jsonPath()
        .setRootPath("items[0]");
  }

  /** Waits until the delivery has the status, failing with {@code what} after {@link #WAIT}. */
  private static void awaitStatus(
      long company, long endpoint, long delivery, String status, String what) {
    await(what)
        .atMost(WAIT)
        .until(
            () -> status.equals(deliveryDetail(company, endpoint, delivery).getString("status")));
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
