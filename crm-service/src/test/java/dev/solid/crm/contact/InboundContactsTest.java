package dev.solid.crm.contact;

import static dev.solid.crm.contact.ContactApi.as;
import static dev.solid.crm.contact.ContactApi.newCompany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  @Test
  void shouldCreateTheContactOfAnUnknownSmsSenderOnceAndPublishContactCreated() throws Exception {
    long company = newCompany();
    String phone = phone(company, 0);
    String received = smsReceived(company, phone);
    publish(company, received);
    publish(company, received); // redelivered: no second contact

    List<JsonNode> created = CrmTopic.events(company, "contact.created", 1);
    assertThat(created).hasSize(1);
    assertThat(created.get(0).get("data").get("phone").asText()).isEqualTo(phone);
    as(TestTokens.apiKey(company, true, "read:contacts"))
        .get(ContactApi.PATH + "?search=" + phone.substring(1))
        .then()
        .statusCode(200)
        .body("total", equalTo(1));
  }

  @Test
  void shouldChangeNothingWhenAnAppliedEventIsRedelivered() throws Exception {
    long company = newCompany();
    String token = TestTokens.apiKey(company, true, "read:contacts", "write:contacts");
    String phone = phone(company, 1);
    String received = smsReceived(company, phone);
    publish(company, received);
    long contact = awaitContactWithPhone(token, phone);
    // The operator deletes the contact; a redelivery of the same event (a rebalance, a restart
    // before the offset commit) must not bring it back.
    ContactApi.delete(token, contact).statusCode(204);

    publish(company, received);
    // One company's events are applied in order: once the next event's contact exists, the
    // redelivered one has been handled.
    awaitContactWithPhone(
        token, company, phone(company, 2), smsReceived(company, phone(company, 2)));

    as(token)
        .get(ContactApi.PATH + "?search=" + phone.substring(1))
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
    assertThat(CrmTopic.events(company, "contact.created", 2))
        .extracting(e -> e.get("data").get("phone").asText())
        .containsExactly(phone, phone(company, 2));
  }

  @Test
  void shouldSkipRecordsThatAreNotEventEnvelopesWithoutStallingTheChannel() throws Exception {
    long company = newCompany();
    String token = TestTokens.apiKey(company, true, "read:contacts");
    publish(company, "not json at all");
    publish(company, "[1,2,3]");
    publish(company, "{\"event\":\"message.received\",\"company_id\":" + company + "}");
    publish(company, null);

    String phone = phone(company, 3);
    awaitContactWithPhone(token, company, phone, smsReceived(company, phone));
  }

  @Test
  void shouldCreateOneContactForATelegramSenderWithoutAUsernameKeyedOnTheUserId() throws Exception {
    long company = newCompany();
    long telegramId = 5_000_000_000L + company % 1_000_000;
    publish(company, telegramReceived(company, telegramId, null));
    publish(company, telegramReceived(company, telegramId, null)); // a second message: same person

    List<JsonNode> created = CrmTopic.events(company, "contact.created", 1);
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
    List<JsonNode> created = CrmTopic.events(company, "contact.created", 1);
    assertThat(created).hasSize(1);
    assertThat(created.get(0).get("data").get("telegram_id").isNull()).isTrue();

    publish(company, telegramReceived(company, telegramId, username));
    List<JsonNode> updated = CrmTopic.events(company, "contact.updated", 1);
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).get("data").get("telegram_id").asLong()).isEqualTo(telegramId);
    assertThat(CrmTopic.events(company, "contact.created", 1)).hasSize(1);
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

    List<JsonNode> updated = CrmTopic.events(company, "contact.updated", 1);
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).get("data").get("id").asLong()).isEqualTo(contact);
    assertThat(updated.get(0).get("data").get("telegram_id").asLong()).isEqualTo(telegramId);
    assertThat(CrmTopic.events(company, "contact.created", 1)).as("only the API's").hasSize(1);
    as(TestTokens.apiKey(company, true, "read:contacts"))
        .get(ContactApi.PATH + "/" + contact)
        .then()
        .statusCode(200)
        .body("telegram_id", equalTo(telegramId));
  }

  /** A phone of this company's test, different per {@code n}. */
  private static String phone(long company, int n) {
    return "+1804" + (1_000_000 + (company * 10 + n) % 9_000_000);
  }

  private static String smsReceived(long company, String phone) {
    return "{\"id\":\"evt_rcv_"
        + UUID.randomUUID()
        + "\",\"event\":\"message.received\",\"created_at\":\"2026-06-04T09:00:00Z\","
        + "\"company_id\":"
        + company
        + ",\"livemode\":true,\"data\":{\"id\":\"msg_1\",\"channel\":\"sms\",\"direction\":"
        + "\"inbound\",\"from\":\""
        + phone
        + "\",\"contact_id\":null,\"text\":\"hi\"}}";
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

  /** Publishes {@code received} and waits until its sender is a contact; the contact's id. */
  private static long awaitContactWithPhone(
      String token, long company, String phone, String received) throws Exception {
    publish(company, received);
    return awaitContactWithPhone(token, phone);
  }

  /** Waits until the company (of the token) has a contact with this phone; its id. */
  private static long awaitContactWithPhone(String token, String phone) {
    return await("a contact with phone " + phone)
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                as(token)
                    .get(ContactApi.PATH + "?search=" + phone.substring(1))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .<Integer>getList("items.id"),
            ids -> ids.size() == 1)
        .get(0);
  }

  private static void publish(long company, String value) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(EventTopics.MESSAGING, Long.toString(company), value))
          .get();
    }
  }
}
