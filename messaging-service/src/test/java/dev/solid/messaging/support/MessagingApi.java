package dev.solid.messaging.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls the messaging API as the gateway would, plays crm's contact events, reads our events. */
public final class MessagingApi {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** How long a test waits for anything asynchronous (delivery, a consumer, the scheduler). */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final AtomicLong COMPANIES =
      new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000 + 500);
  private static final AtomicLong CONTACTS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  private MessagingApi() {}

  public static long newCompany() {
    return COMPANIES.incrementAndGet();
  }

  /** A key holding every messaging scope, in the given mode. */
  public static String key(long company, boolean livemode) {
    return TestTokens.apiKey(
        company, livemode, "read:messages", "write:messages", "manage:sequences");
  }

  public static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  public static ValidatableResponse post(String token, String path, String json) {
    return as(token).contentType(ContentType.JSON).body(json).post(path).then();
  }

  public static long telegramAccount(String token, Integer dailyCap) {
    return post(
            token,
            "/api/v1/messaging/accounts",
            "{\"channel\":\"telegram\",\"sender\":\"@solid_bot\",\"provider\":{\"bot_token\":\""
                + ProviderStandIn.BOT_TOKEN
                + "\",\"webhook_secret\":\"tg-secret\"}"
                + (dailyCap == null ? "" : ",\"daily_cap\":" + dailyCap)
                + "}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  public static long smsAccount(String token, Integer dailyCap) {
    return post(
            token,
            "/api/v1/messaging/accounts",
            "{\"channel\":\"sms\",\"sender\":\"+18015550000\",\"provider\":{\"account_sid\":\""
                + ProviderStandIn.TWILIO_SID
                + "\",\"auth_token\":\""
                + ProviderStandIn.TWILIO_TOKEN
                + "\"}"
                + (dailyCap == null ? "" : ",\"daily_cap\":" + dailyCap)
                + "}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static final AtomicLong UPDATES = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  /**
   * Delivers a verified Telegram update from the user to the account's bot webhook, as Telegram
   * would after the user wrote to the bot: the service learns the user's chat id.
   */
  public static void telegramUpdate(long account, String username, long userId, String text) {
    given()
        .header("X-Telegram-Bot-Api-Secret-Token", "tg-secret")
        .contentType(ContentType.JSON)
        .body(
            "{\"update_id\":"
                + UPDATES.incrementAndGet()
                + ",\"message\":{\"message_id\":1,\"from\":{\"id\":"
                + userId
                + ",\"is_bot\":false,\"first_name\":\"Tess\""
                + (username == null ? "" : ",\"username\":\"" + username + "\"")
                + "},\"chat\":{\"id\":"
                + userId
                + ",\"type\":\"private\"},\"date\":1700000000,\"text\":"
                + "\""
                + text
                + "\"}}")
        .post("/api/v1/messaging/inbound/telegram/" + account)
        .then()
        .statusCode(200);
  }

  /** Waits until the message reaches a final status and returns it. */
  public static JsonNode awaitFinal(String token, String id) {
    return await()
        .alias("message " + id + " reaches sent or failed")
        .atMost(WAIT)
        .until(
            () ->
                JSON.readTree(
                    as(token)
                        .get("/api/v1/messages/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()),
            message -> message.get("status").asText().matches("sent|failed"));
  }

  /** Publishes a crm contact event as crm-service would, and waits until the projection has it. */
  public static long crmContact(long company, boolean livemode, Map<String, Object> fields)
      throws Exception {
    long id = CONTACTS.incrementAndGet();
    crmEvent(company, livemode, "contact.created", id, fields);
    awaitSql("SELECT 1 FROM messaging.contacts WHERE company_id = ? AND id = ?", company, id);
    return id;
  }

  public static void crmEvent(
      long company, boolean livemode, String type, long id, Map<String, Object> fields)
      throws Exception {
    publish(
        EventTopics.CRM,
        Long.toString(company),
        crmEnvelope("evt_test_" + UUID.randomUUID(), company, livemode, type, id, fields));
  }

  /** A crm contact event as crm-service publishes it, with the given event id. */
  public static String crmEnvelope(
      String eventId,
      long company,
      boolean livemode,
      String type,
      long id,
      Map<String, Object> fields) {
    ObjectNode data = JSON.valueToTree(fields);
    data.put("id", id);
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("id", eventId);
    envelope.put("event", type);
    envelope.put("created_at", Instant.now().toString());
    envelope.put("company_id", company);
    envelope.put("livemode", livemode);
    envelope.set("data", data);
    return envelope.toString();
  }

  public static RecordMetadata publish(String topic, String key, String value) throws Exception {
    return publish(new ProducerRecord<>(topic, key, value));
  }

  public static RecordMetadata publish(ProducerRecord<String, String> record) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap()),
            new StringSerializer(),
            new StringSerializer())) {
      return producer.send(record).get();
    }
  }

  /** How many partitions the topic has. */
  public static int partitions(String topic) {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap()),
            new StringSerializer(),
            new StringSerializer())) {
      return producer.partitionsFor(topic).size();
    }
  }

  /**
   * Publishes the record and waits until the consumer group has committed past it, i.e. the
   * service's consumer finished handling it (offsets are committed only for processed records).
   */
  public static void publishAndAwaitConsumed(String topic, String key, String value, String group)
      throws Exception {
    awaitConsumed(group, publish(topic, key, value));
  }

  /** Waits until the consumer group has committed past the record (it finished handling it). */
  public static void awaitConsumed(String group, RecordMetadata record) throws Exception {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap()))) {
      await()
          .alias(group + " consumes " + record)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  admin
                      .listConsumerGroupOffsets(group)
                      .partitionsToOffsetAndMetadata()
                      .get()
                      .get(partition),
              committed -> committed != null && committed.offset() > record.offset());
    }
  }

  /** Waits until the query (with long parameters) returns a row. */
  public static void awaitSql(String sql, Object... params) {
    await().alias(sql).atMost(WAIT).until(() -> sqlCount(sql, params) > 0);
  }

  public static int sqlCount(String sql, Object... params) throws Exception {
    try (Connection c = jdbc();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
        }
      }
      return n;
    }
  }

  public static Connection jdbc() throws Exception {
    var config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getValue("quarkus.datasource.username", String.class),
        config.getValue("quarkus.datasource.password", String.class));
  }

  public static String bootstrap() {
    return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
  }

  /** The company's events on a topic, waiting until one matches {@code until} (or 30 s pass). */
  public static List<JsonNode> events(String topic, long company, Predicate<List<JsonNode>> until)
      throws Exception {
    List<JsonNode> mine = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap(),
                "group.id",
                "messaging-test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      // Each poll waits up to 200 ms for records itself, so Awaitility need not pause between.
      await()
          .alias("events of company " + company + " on " + topic)
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  JsonNode event = JSON.readTree(record.value());
                  if (event.get("company_id").asLong() == company) {
                    mine.add(event);
                  }
                }
                return until.test(mine);
              });
    }
    return mine;
  }

  public static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("event").asText()).toList();
  }

  public static Predicate<List<JsonNode>> hasTypes(String... types) {
    return events -> types(events).containsAll(List.of(types));
  }

  public static void assertProblem(ValidatableResponse response, int status, String code) {
    String body =
        response.statusCode(status).contentType("application/problem+json").extract().asString();
    assertThat(body).contains("\"code\":\"" + code + "\"");
  }
}
