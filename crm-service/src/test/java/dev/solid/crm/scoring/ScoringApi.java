package dev.solid.crm.scoring;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls the crm API as the gateway would, publishes other services' events, reads the outbox. */
final class ScoringApi {
  static final String CONTACTS = "/api/v1/crm/contacts";
  static final String RULES = "/api/v1/crm/lead-scoring/rules";
  static final String JOBS = "/api/v1/crm/lead-scoring/rescore-jobs/";
  private static final ObjectMapper JSON = new ObjectMapper();
  // Offset from the contact tests' own sequence (ContactApi), so companies never collide.
  private static final AtomicLong COMPANIES =
      new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000 + 500);

  private ScoringApi() {}

  static long newCompany() {
    return COMPANIES.incrementAndGet();
  }

  static String token(long company, boolean livemode) {
    return TestTokens.apiKey(company, livemode, "read:contacts", "write:contacts");
  }

  static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).header("X-Request-Id", "req_score");
  }

  static long createContact(String token, String json) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(json)
        .post(CONTACTS)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static ValidatableResponse contact(String token, long id) {
    return as(token).get(CONTACTS + "/" + id).then().statusCode(200);
  }

  static int score(String token, long id) {
    return contact(token, id).extract().jsonPath().getInt("lead_score");
  }

  static ValidatableResponse putRules(String token, String json) {
    return as(token).contentType(ContentType.JSON).body(json).put(RULES).then();
  }

  /** An event envelope of another service (or of crm's other features), created now, as JSON. */
  static String envelope(String id, String type, long company, boolean livemode, String data) {
    return "{\"id\":\""
        + id
        + "\",\"event\":\""
        + type
        + "\",\"created_at\":\""
        + java.time.Instant.now()
        + "\",\"company_id\":"
        + company
        + ",\"livemode\":"
        + livemode
        + ",\"data\":"
        + data
        + "}";
  }

  static String newEventId() {
    return "evt_test_" + UUID.randomUUID();
  }

  /** Publishes on a topic keyed by company, as every producer does. */
  static void publish(String topic, long company, String value) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, Long.toString(company), value)).get();
    }
  }

  /** The company's lead.scored events in the crm outbox, in order. */
  static List<JsonNode> leadScored(Pool pool, long company) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(
                "SELECT payload FROM crm.outbox WHERE record_key = $1 AND topic = $2 ORDER BY id")
            .executeAndAwait(Tuple.of(Long.toString(company), EventTopics.CRM))) {
      JsonNode event = JSON.readTree(row.getString("payload"));
      if ("lead.scored".equals(event.get("event").asText())) {
        events.add(event);
      }
    }
    return events;
  }
}
