package dev.solid.crm.contact;

import static dev.solid.crm.contact.ContactApi.as;
import static dev.solid.crm.contact.ContactApi.newCompany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** messaging's message.received from an unknown sender becomes a contact, once per event. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class InboundContactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldCreateTheContactOfAnUnknownSmsSenderOnceAndPublishContactCreated() throws Exception {
    long company = newCompany();
    String phone = "+1804555" + (1000 + company % 9000);
    String received =
        "{\"id\":\"evt_rcv_"
            + UUID.randomUUID()
            + "\",\"event\":\"message.received\",\"created_at\":\"2026-06-04T09:00:00Z\","
            + "\"company_id\":"
            + company
            + ",\"livemode\":true,\"data\":{\"id\":\"msg_1\",\"channel\":\"sms\",\"direction\":"
            + "\"inbound\",\"from\":\""
            + phone
            + "\",\"contact_id\":null,\"text\":\"hi\"}}";
    publish(company, received);
    publish(company, received); // redelivered: no second contact

    List<JsonNode> created = crmEvents(company, "contact.created", 1);
    assertThat(created).hasSize(1);
    assertThat(created.get(0).get("data").get("phone").asText()).isEqualTo(phone);
    as(TestTokens.apiKey(company, true, "read:contacts"))
        .get(ContactApi.PATH + "?search=" + phone.substring(1))
        .then()
        .statusCode(200)
        .body("total", equalTo(1));
  }

  private static String telegramReceived(long company, Long telegramId, String username) {
    return "{\"id\":\"evt_rcv_"
        + UUID.randomUUID()
        + "\",\"event\":\"message.received\",\"created_at\":\"2026-06-04T09:00:00Z\","
        + "\"company_id\":"
        + company
        + ",\"livemode\":true,\"data\":{\"id\":\"msg_"
        + UUID.randomUUID()
        + "\",\"channel\":\"telegram\",\"direction\":\"inbound\",\"from\":\""
        + (username != null ? username : telegramId)
        + "\",\"contact_id\":null,\"text\":\"hi\",\"username\":"
        + (username == null ? "null" : "\"" + username + "\"")
        + ",\"first_name\":\"Nadia\",\"last_name\":null,\"telegram_id\":"
        + telegramId
        + "}}";
  }

  @Test
  void shouldCreateOneContactForATelegramSenderWithoutAUsernameKeyedOnTheUserId() throws Exception {
    long company = newCompany();
    long telegramId = 5_000_000_000L + company % 1_000_000;
    publish(company, telegramReceived(company, telegramId, null));
    publish(company, telegramReceived(company, telegramId, null)); // a second message: same person

    List<JsonNode> created = crmEvents(company, "contact.created", 1);
    assertThat(created).hasSize(1);
    JsonNode data = created.get(0).get("data");
    assertThat(data.get("telegram_id").asLong()).isEqualTo(telegramId);
    assertThat(data.get("username").isNull()).isTrue();
    assertThat(data.get("first_name").asText()).isEqualTo("Nadia");
    long id = data.get("id").asLong();
    as(TestTokens.apiKey(company, true, "read:contacts"))
        .get(ContactApi.PATH + "/" + id)
        .then()
        .statusCode(200)
        .body("telegram_id", equalTo(telegramId));
  }

  @Test
  void shouldRememberTheTelegramIdOfAContactKnownByUsername() throws Exception {
    long company = newCompany();
    String username = "known_" + company;
    long telegramId = 6_000_000_000L + company % 1_000_000;
    publish(company, telegramReceived(company, null, username));
    List<JsonNode> created = crmEvents(company, "contact.created", 1);
    assertThat(created).hasSize(1);
    assertThat(created.get(0).get("data").get("telegram_id").isNull()).isTrue();

    publish(company, telegramReceived(company, telegramId, username));
    List<JsonNode> updated = crmEvents(company, "contact.updated", 1);
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).get("data").get("telegram_id").asLong()).isEqualTo(telegramId);
    assertThat(crmEvents(company, "contact.created", 1)).hasSize(1);
  }

  @Test
  void shouldLearnTheTelegramIdOfAContactMessagingAlreadyLinkedOnce() throws Exception {
    long company = newCompany();
    String username = "sarah_" + company;
    long contact =
        ContactApi.create(
            ContactApi.token(company, true, "read:contacts", "write:contacts"),
            "{\"name\":\"Sarah\",\"username\":\"@" + username + "\"}");
    long telegramId = 7_000_000_000L + company % 1_000_000;
    // messaging found @sarah by username and linked the message to her contact.
    String received =
        telegramReceived(company, telegramId, username)
            .replace("\"contact_id\":null", "\"contact_id\":" + contact);
    publish(company, received);
    publish(company, received); // redelivered: one update only

    List<JsonNode> updated = crmEvents(company, "contact.updated", 1);
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).get("data").get("id").asLong()).isEqualTo(contact);
    assertThat(updated.get(0).get("data").get("telegram_id").asLong()).isEqualTo(telegramId);
    assertThat(crmEvents(company, "contact.created", 1)).as("only the API's").hasSize(1);
    as(TestTokens.apiKey(company, true, "read:contacts"))
        .get(ContactApi.PATH + "/" + contact)
        .then()
        .statusCode(200)
        .body("telegram_id", equalTo(telegramId));
  }

  private static void publish(long company, String value) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(EventTopics.MESSAGING, Long.toString(company), value))
          .get();
    }
  }

  private static List<JsonNode> crmEvents(long company, String type, int expected)
      throws Exception {
    List<JsonNode> mine = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap(),
                "group.id",
                "crm-inbound-test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(EventTopics.CRM));
      long deadline = System.currentTimeMillis() + 30_000;
      while (mine.size() < expected && System.currentTimeMillis() < deadline) {
        collect(consumer.poll(Duration.ofMillis(200)), company, type, mine);
      }
      // a duplicate would show up now
      collect(consumer.poll(Duration.ofMillis(1500)), company, type, mine);
    }
    return mine;
  }

  private static void collect(
      Iterable<ConsumerRecord<String, String>> records,
      long company,
      String type,
      List<JsonNode> into)
      throws Exception {
    for (ConsumerRecord<String, String> record : records) {
      JsonNode event = JSON.readTree(record.value());
      if (event.get("company_id").asLong() == company && type.equals(event.get("event").asText())) {
        into.add(event);
      }
    }
  }

  private static String bootstrap() {
    return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
  }
}
