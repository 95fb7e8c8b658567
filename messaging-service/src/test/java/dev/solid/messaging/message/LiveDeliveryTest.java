package dev.solid.messaging.message;

import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.events;
import static dev.solid.messaging.support.MessagingApi.hasTypes;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.publish;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
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
  void shouldRetryATransientFailureAndSendExactlyOnce() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String to = "retry_user_" + company;
    provider.script("@" + to, 503);

    String id =
        send(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@" + to + "\",\"text\":\"once\"}");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("sent");
    List<ProviderStandIn.Request> seen = provider.requestsTo("@" + to);
    assertThat(seen).extracting(ProviderStandIn.Request::status).containsExactly(503, 200);
    assertThat(seen.stream().filter(ProviderStandIn.Request::accepted)).hasSize(1);
  }

  @Test
  void shouldIgnoreARedeliveredCommandOfAnAlreadyClaimedMessage() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String to = "redelivered_" + company;
    String id =
        send(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@" + to + "\",\"text\":\"x\"}");
    awaitFinal(token, id);

    // The same command again, as Kafka would redeliver it after a consumer crash.
    publish(
        "solid.messaging.outbound.v1",
        Long.toString(company),
        "{\"id\":\"evt_again\",\"event\":\"message.deliver\",\"company_id\":"
            + company
            + ",\"livemode\":true,\"data\":{\"message_id\":\""
            + id
            + "\"}}");
    // A later message to the same chat proves the worker consumed past the duplicate.
    String after =
        send(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@" + to + "\",\"text\":\"y\"}");
    awaitFinal(token, after);
    Thread.sleep(500);

    assertThat(provider.requestsTo("@" + to))
        .extracting(ProviderStandIn.Request::text)
        .containsExactly("x", "y");
  }

  @Test
  void shouldMarkAProviderRejectionFailedWithTheProvidersReason() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = smsAccount(token, null);
    String phone = "+1802555" + (1000 + company % 9000);
    provider.script(phone, 400);

    String id =
        send(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"" + phone + "\",\"text\":\"no\"}");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("failed");
    assertThat(message.get("failure_reason").asText())
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
    String to = "down_user_" + company;
    provider.script("@" + to, 503, 503, 503, 503, 503);

    String id =
        send(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@" + to + "\",\"text\":\"z\"}");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("failed");
    assertThat(message.get("failure_reason").asText()).startsWith("provider_unavailable");
    assertThat(provider.requestsTo("@" + to)).hasSize(4);
  }

  private static String send(String token, String path, String body) {
    return post(token, path, body).statusCode(200).extract().jsonPath().getString("id");
  }
}
