package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.MessagingSteps.TELEGRAM_BOT;
import static dev.solid.deploy.e2e.MessagingSteps.account;
import static dev.solid.deploy.e2e.MessagingSteps.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Messaging through the gateway with a test key (messages are logged, not dispatched, and marked
 * sent), and the inbound chain: Telegram webhook → message stored → crm creates the contact from
 * message.received → messaging links the message to it.
 */
@ExtendWith(SolidStack.class)
class MessagingIT {

  private static void awaitSent(Api api, String key, String id) throws Exception {
    Api.Response message =
        eventually(
            () -> api.get("/api/v1/messages/" + id).bearer(key).send(),
            r -> r.status() == 200 && !r.json().path("status").asText().matches("queued|sending"),
            "message " + id + " finished");
    assertThat(message.json().path("status").asText()).as("%s", message).isEqualTo("sent");
  }

  @Test
  void shouldSendTheSeedMessagesAndSeeThemSent(Api api) throws Exception {
    Api.Company company = api.newCompany();
    String key = company.testKey();
    long telegram = account(api, key, TELEGRAM_BOT);
    account(
        api,
        key,
        Map.of(
            "channel",
            "sms",
            "sender",
            "+18015550000",
            "provider",
            Map.of("account_sid", "AC00000000000000000000000000000001", "auth_token", "tok")));

    // Seed 001, as written there (the account id is ours).
    Api.Response send =
        api.post("/v1/messages/send")
            .bearer(key)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .json(
                Map.of(
                    "account_id",
                    telegram,
                    "to",
                    "@sarah_miller",
                    "text",
                    "Hey Sarah, your invite is ready - check your inbox."))
            .send();
    assertThat(send.status()).as("%s", send).isEqualTo(200);
    assertThat(send.json().path("id").asText()).startsWith("msg_");
    assertThat(send.json().path("status").asText()).isEqualTo("queued");
    assertThat(send.json().path("eta").isTextual()).isTrue();
    awaitSent(api, key, send.json().path("id").asText());

    // Seed 000, from the company's default SMS account.
    Api.Response sms =
        api.post("/api/v1/sms/send")
            .bearer(key)
            .json(
                Map.of(
                    "to_phone",
                    "+18015551234",
                    "message",
                    "Thanks for your inquiry! We'll call you within the hour."))
            .send();
    assertThat(sms.status()).as("%s", sms).isEqualTo(200);
    awaitSent(api, key, sms.json().path("id").asText());
  }

  @Test
  void shouldStoreAnInboundTelegramMessageAndLinkItToTheContactCrmCreates(Api api)
      throws Exception {
    Api.Company company = api.newCompany();
    String key = company.testKey();
    long telegram = account(api, key, TELEGRAM_BOT);
    String username = "e2e_" + UUID.randomUUID().toString().substring(0, 8);
    String update =
        "{\"update_id\":"
            + (System.nanoTime() % 1_000_000_000L)
            + ",\"message\":{\"message_id\":1,\"from\":{\"id\":4242,\"is_bot\":false,"
            + "\"first_name\":\"Ina\",\"last_name\":\"Bound\",\"username\":\""
            + username
            + "\"},\"chat\":{\"id\":4242,\"type\":\"private\"},\"date\":1767225600,"
            + "\"text\":\"Hello, is this Solid?\"}}";

    Api.Response wrong =
        api.post("/api/v1/messaging/inbound/telegram/" + telegram)
            .header("X-Telegram-Bot-Api-Secret-Token", "not-the-secret")
            .raw("application/json", update)
            .send();
    assertThat(wrong.status()).as("%s", wrong).isIn(401, 403);

    // No API key: the provider authenticates with the account's secret token.
    Api.Response received =
        api.post("/api/v1/messaging/inbound/telegram/" + telegram)
            .header("X-Telegram-Bot-Api-Secret-Token", "e2e-secret")
            .raw("application/json", update)
            .send();
    assertThat(received.status()).as("%s", received).isEqualTo(200);

    Api.Response contacts =
        eventually(
            () -> api.get("/api/v1/crm/contacts?search=" + username).bearer(key).send(),
            r -> r.status() == 200 && r.json().path("total").asInt() > 0,
            "crm created the contact from message.received");
    JsonNode contact = contacts.json().path("items").get(0);
    assertThat(contact.path("username").asText()).containsIgnoringCase(username);
    String contactId = contact.path("id").asText();

    Api.Response messages =
        eventually(
            () -> api.get("/api/v1/messages?contact_id=" + contactId).bearer(key).send(),
            r -> r.status() == 200 && r.json().path("total").asInt() > 0,
            "the inbound message linked to contact " + contactId);
    JsonNode message = messages.json().path("items").get(0);
    assertThat(message.path("direction").asText()).isEqualTo("inbound");
    assertThat(message.path("status").asText()).isEqualTo("received");
    assertThat(message.path("text").asText()).isEqualTo("Hello, is this Solid?");
    assertThat(message.path("account_id").asLong()).isEqualTo(telegram);
  }

  @Test
  void shouldBroadcastToTaggedCrmContactsAndCompleteTheJob(Api api) throws Exception {
    Api.Company company = api.newCompany();
    String key = company.testKey();
    long telegram = account(api, key, TELEGRAM_BOT);
    String tag = "webinar-" + UUID.randomUUID().toString().substring(0, 8);
    for (String first : new String[] {"Ann", "Bob"}) {
      Api.Response contact =
          api.post("/v1/contacts")
              .bearer(key)
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .json(
                  Map.of(
                      "name",
                      first + " Example",
                      "username",
                      "@" + first.toLowerCase() + "_" + tag.replace("-", "_"),
                      "tags",
                      java.util.List.of(tag)))
              .send();
      assertThat(contact.status()).as("%s", contact).isIn(200, 201);
    }

    // crm's contact events reach messaging's projection asynchronously, and a broadcast by tag
    // reads only that projection (asking crm covers a single contact, by id or by address, not a
    // tag query): retry until both count.
    Api.Response accepted =
        eventually(
            () ->
                api.post("/v1/messages/broadcast")
                    .bearer(key)
                    .json(
                        Map.of(
                            "account_id",
                            telegram,
                            "text",
                            "Hi {first_name}, see you!",
                            "tag",
                            tag))
                    .send(),
            r -> r.status() == 202 && r.json().path("total").asInt() == 2,
            "a broadcast to both tagged contacts");
    assertThat(accepted.json().path("failed").asInt()).isZero();
    String job = accepted.json().path("id").asText();

    Api.Response done =
        eventually(
            () -> api.get("/api/v1/jobs/" + job).bearer(key).send(),
            r -> r.status() == 200 && r.json().path("status").asText().equals("completed"),
            "job " + job + " completed");
    assertThat(done.json().path("sent").asInt()).as("%s", done).isEqualTo(2);
    assertThat(done.json().path("queued").asInt()).isZero();
  }
}
