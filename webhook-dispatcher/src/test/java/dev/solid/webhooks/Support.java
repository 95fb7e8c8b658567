package dev.solid.webhooks;

import static io.restassured.RestAssured.given;

import dev.solid.common.caller.Scopes;
import dev.solid.infra.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test helpers: callers, endpoints, Kafka events, direct database access. */
public final class Support {
  private Support() {}

  /** A fresh company id, so tests never see each other's data. */
  public static long newCompany() {
    return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
  }

  public static RequestSpecification as(long company, boolean livemode, String... scopes) {
    return given()
        .header("Authorization", "Bearer " + TestTokens.apiKey(company, livemode, scopes))
        .contentType(ContentType.JSON);
  }

  public static RequestSpecification manager(long company) {
    return as(company, false, Scopes.MANAGE_WEBHOOKS);
  }

  /** Registers an endpoint (test mode) and returns {id, secret}. */
  public static Map<String, Object> createEndpoint(long company, String url, List<String> events) {
    return manager(company)
        .body(Map.of("url", url, "events", events))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getMap("");
  }

  /** Inserts an endpoint (test mode, every event) with the stored secret as given; its id. */
  public static long insertEndpoint(long company, String url, byte[] storedSecret)
      throws SQLException {
    try (var db = db();
        var st =
            db.prepareStatement(
                "INSERT INTO webhooks.endpoints (company_id, livemode, url, events,"
                    + " secret_encrypted) VALUES (?, false, ?, ARRAY['*'], ?) RETURNING id")) {
      st.setLong(1, company);
      st.setString(2, url);
      st.setBytes(3, storedSecret);
      var rs = st.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Asks for a test event to the endpoint (202) and returns the id of its delivery. */
  public static long sendTest(long company, long endpoint) {
    return manager(company)
        .post("/api/v1/webhooks/" + endpoint + "/test")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** One delivery with its attempts, as the API shows it (200). */
  public static JsonPath deliveryDetail(long company, long endpoint, long delivery) {
    return manager(company)
        .get("/api/v1/webhooks/" + endpoint + "/deliveries/" + delivery)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  public static String envelope(String id, String event, long company, boolean livemode) {
    return "{\"id\":\""
        + id
        + "\",\"event\":\""
        + event
        + "\",\"created_at\":\""
        + Instant.parse("2026-01-02T03:04:05.678Z")
        + "\",\"company_id\":"
        + company
        + ",\"livemode\":"
        + livemode
        + ",\"data\":{\"contact_id\":42,\"name\":\"Sarah Miller\",\"tags\":[\"trial\"]}}";
  }

  public static String newEventId() {
    return "evt_test" + System.nanoTime();
  }

  /** Produces each value with a plain KafkaProducer, key = company id, and waits for the acks. */
  public static void produce(String topic, long company, String... values) {
    Properties props = new Properties();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (var producer = new KafkaProducer<String, String>(props)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, Long.toString(company), value)).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Connection db() throws SQLException {
    var config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getValue("quarkus.datasource.username", String.class),
        config.getValue("quarkus.datasource.password", String.class));
  }
}
