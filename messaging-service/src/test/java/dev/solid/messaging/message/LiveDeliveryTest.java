package dev.solid.messaging.message;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.events;
import static dev.solid.messaging.support.MessagingApi.hasTypes;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.publishAndAwaitConsumed;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.telegramUpdate;
import static dev.solid.messaging.support.MessagingApi.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live mode against the local Twilio and Telegram stand-ins. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class LiveDeliveryTest {
  private final ProviderStandIn provider = ProviderStandIn.instance();

  @Test
  void shouldDeliverSmsThroughTwilioWithBasicAuthAndFormFields() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    smsAccount(token, null);
    String phone = "+1801555" + (1000 + company % 9000);
    String id =
        send(token, "/api/v1/sms/send", "{\"to_phone\":\"" + phone + "\",\"message\":\"Hello\"}");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("sent");
    assertThat(provider.requestsTo(phone)).hasSize(1);
    assertThat(provider.requestsTo(phone).get(0).text()).isEqualTo("Hello");
    assertThat(types(events(EventTopics.MESSAGING, company, hasTypes("message.sent"))))
        .contains("message.sent");
  }

  @Test
  void shouldNeverCallAProviderForATestModeSms() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    smsAccount(token, null);
    String phone = "+1805555" + (1000 + company % 9000);
    String id =
        send(token, "/api/v1/sms/send", "{\"to_phone\":\"" + phone + "\",\"message\":\"Hi\"}");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("sent");
    assertThat(types(events(EventTopics.MESSAGING, company, hasTypes("message.sent"))))
        .contains("message.sent");
    assertThat(provider.requestsTo(phone)).isEmpty();
  }

  @Test
  void shouldSendToANumericTelegramChatIdAsIs() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String chat = Long.toString(company * 10 + 1);

    String id = sendVia(token, account, chat, "by id");

    assertThat(awaitFinal(token, id).get("status").asText()).isEqualTo("sent");
    assertThat(provider.requestsTo(chat))
        .extracting(ProviderStandIn.Request::text)
        .containsExactly("by id");
  }

  @Test
  void shouldResolveATelegramUsernameToTheChatIdLearntFromTheUsersUpdate() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String username = "Known_User_" + company;
    long userId = company * 10 + 2;
    telegramUpdate(account, username, userId, "hi bot");

    String id = sendVia(token, account, "@" + username.toLowerCase(), "resolved");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).as("%s", message).isEqualTo("sent");
    assertThat(provider.requestsTo(Long.toString(userId)))
        .extracting(ProviderStandIn.Request::text)
        .containsExactly("resolved");
    assertThat(provider.requestsTo("@" + username.toLowerCase())).isEmpty();
  }

  @Test
  void shouldFailAUsernameThatNeverWroteToTheBotWithoutCallingTelegram() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String stranger = "stranger_" + company;

    String id = sendVia(token, account, "@" + stranger, "hello?");

    assertThat(awaitFailureReason(token, id)).startsWith("telegram_chat_unknown");
    assertThat(provider.requestsTo("@" + stranger)).isEmpty();
    assertThat(types(events(EventTopics.MESSAGING, company, hasTypes("message.failed"))))
        .contains("message.failed");
  }

  @Test
  void shouldAnswerAUsernameChatIdWithChatNotFoundLikeTheRealBotApi() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            provider.baseUrl()
                                + "/bot"
                                + ProviderStandIn.BOT_TOKEN
                                + "/sendMessage"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"chat_id\":\"@some_user\",\"text\":\"hi\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode body = MessagingApi.JSON.readTree(answer.body());
    assertThat(body.get("ok").asBoolean()).isFalse();
    assertThat(body.get("error_code").asInt()).isEqualTo(400);
    assertThat(body.get("description").asText()).isEqualTo("Bad Request: chat not found");
  }

  @Test
  void shouldMarkATelegramRejectionFailedWithTheProvidersDescription() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String chat = Long.toString(company * 10 + 3);
    provider.script(chat, 403);

    String id = sendVia(token, account, chat, "blocked");

    assertThat(awaitFailureReason(token, id))
        .contains("403")
        .contains("Forbidden: bot was blocked by the user");
    assertThat(provider.requestsTo(chat)).hasSize(1);
  }

  @Test
  void shouldRetryATransientFailureAndSendExactlyOnce() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String chat = Long.toString(company * 10 + 4);
    provider.script(chat, 503, 429);

    String id = sendVia(token, account, chat, "once");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("sent");
    List<ProviderStandIn.Request> seen = provider.requestsTo(chat);
    assertThat(seen).extracting(ProviderStandIn.Request::status).containsExactly(503, 429, 200);
    assertThat(seen.stream().filter(ProviderStandIn.Request::accepted)).hasSize(1);
  }

  @Test
  void shouldNotRetryAServerErrorThatMayHaveSentTheMessage() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = smsAccount(token, null);
    String phone = "+1806555" + (1000 + company % 9000);
    provider.script(phone, 500);

    String id = sendVia(token, account, phone, "maybe");

    assertThat(awaitFailureReason(token, id)).isEqualTo("provider_outcome_unknown");
    assertThat(provider.requestsTo(phone)).hasSize(1);
  }

  @Test
  void shouldNotRetryATimeoutAndFailWithOutcomeUnknown() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String chat = Long.toString(company * 10 + 5);
    provider.script(chat, ProviderStandIn.SLOW);

    String id = sendVia(token, account, chat, "slow");

    assertThat(awaitFailureReason(token, id)).isEqualTo("provider_outcome_unknown");
    // The final status is written only after the last attempt, so a retry would be seen by now.
    assertThat(provider.requestsTo(chat)).hasSize(1);
  }

  @Test
  void shouldIgnoreARedeliveredCommandOfAnAlreadyClaimedMessage() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String chat = Long.toString(company * 10 + 6);
    String id = sendVia(token, account, chat, "x");
    awaitFinal(token, id);

    // The same command again, as Kafka would redeliver it after a consumer crash; waited for until
    // the delivery worker has handled it (its consumer group committed past it).
    publishAndAwaitConsumed(
        "solid.messaging.outbound.v1",
        id,
        "{\"id\":\"evt_again_"
            + company
            + "\",\"event\":\"message.deliver\",\"created_at\":\""
            + Instant.now()
            + "\",\"company_id\":"
            + company
            + ",\"livemode\":true,\"data\":{\"message_id\":\""
            + id
            + "\"}}",
        "messaging-delivery");

    assertThat(provider.requestsTo(chat))
        .extracting(ProviderStandIn.Request::text)
        .containsExactly("x");
    assertThat(as(token).get("/api/v1/messages/" + id).then().extract().path("status").toString())
        .isEqualTo("sent");
  }

  @Test
  void shouldMarkAProviderRejectionFailedWithTheProvidersReason() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = smsAccount(token, null);
    String phone = "+1802555" + (1000 + company % 9000);
    provider.script(phone, 400);

    String id = sendVia(token, account, phone, "no");

    assertThat(awaitFailureReason(token, id))
        .contains("21211")
        .contains("not a valid phone number");
    assertThat(provider.requestsTo(phone)).hasSize(1);
    List<JsonNode> published = events(EventTopics.MESSAGING, company, hasTypes("message.failed"));
    assertThat(types(published)).contains("message.failed");
  }

  @Test
  void shouldFailAfterTheLastAttemptWhenTheProviderStaysDown() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String chat = Long.toString(company * 10 + 7);
    provider.script(chat, 503, 503, 503, 503, 503);

    String id = sendVia(token, account, chat, "z");

    assertThat(awaitFailureReason(token, id)).startsWith("provider_unavailable");
    assertThat(provider.requestsTo(chat)).hasSize(4);
  }

  /** Sends through the messages API from the account to the phone number or chat. */
  private static String sendVia(String token, long account, String to, String text) {
    return send(
        token,
        "/api/v1/messages/send",
        "{\"account_id\":" + account + ",\"to\":\"" + to + "\",\"text\":\"" + text + "\"}");
  }

  /** Waits for the message to finish, asserts that it failed, and returns why. */
  private static String awaitFailureReason(String token, String id) throws Exception {
    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("failed");
    return message.get("failure_reason").asText();
  }

  private static String send(String token, String path, String body) {
    return post(token, path, body).statusCode(200).extract().jsonPath().getString("id");
  }
}
