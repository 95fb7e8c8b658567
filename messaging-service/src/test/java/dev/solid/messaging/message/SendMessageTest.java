package dev.solid.messaging.message;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.assertProblem;
import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.crmContact;
import static dev.solid.messaging.support.MessagingApi.events;
import static dev.solid.messaging.support.MessagingApi.hasTypes;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class SendMessageTest {
  private static final String SEED_001 =
      "{\"account_id\": %d, \"to\": \"@sarah_miller\","
          + " \"text\": \"Hey Sarah, your invite is ready - check your inbox.\"}";

  @Test
  void shouldQueueSeedSendAndMarkItSentInTestModeWithoutCallingTheProvider() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    int before = ProviderStandIn.instance().total();

    String id =
        post(token, "/api/v1/messages/send", SEED_001.formatted(account))
            .statusCode(200)
            .body("id", startsWith("msg_"))
            .body("status", equalTo("queued"))
            .body("eta", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
            .extract()
            .jsonPath()
            .getString("id");

    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("status").asText()).isEqualTo("sent");
    assertThat(message.get("to").asText()).isEqualTo("sarah_miller");
    assertThat(ProviderStandIn.instance().total()).isEqualTo(before);
    List<JsonNode> published = events(EventTopics.MESSAGING, company, hasTypes("message.sent"));
    assertThat(types(published)).containsExactly("message.sent");
    assertThat(published.get(0).get("data").get("id").asText()).isEqualTo(id);
  }

  @Test
  void shouldSendSeedSmsFromTheDefaultSmsAccount() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = smsAccount(token, null);
    String id =
        post(
                token,
                "/api/v1/sms/send",
                "{\"to_phone\": \"+18015551234\", \"message\": \"Thanks for your inquiry! We'll call"
                    + " you within the hour.\"}")
            .statusCode(200)
            .body("status", equalTo("queued"))
            .extract()
            .jsonPath()
            .getString("id");
    JsonNode message = awaitFinal(token, id);
    assertThat(message.get("account_id").asLong()).isEqualTo(account);
    assertThat(message.get("channel").asText()).isEqualTo("sms");
    assertThat(message.get("to").asText()).isEqualTo("+18015551234");
  }

  @Test
  void shouldRefuseSmsSendWithoutADefaultSmsAccount() {
    String token = key(newCompany(), false);
    assertProblem(
        post(token, "/api/v1/sms/send", "{\"to_phone\":\"+18015551234\",\"message\":\"hi\"}"),
        422,
        "validation_error");
  }

  @Test
  void shouldResolveTemplateVariablesFromTheContactTheRecipientMatches() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    crmContact(
        company,
        false,
        Map.of(
            "username", "sarah_miller",
            "name", "Sarah Miller",
            "first_name", "Sarah",
            "last_name", "Miller",
            "email", "sarah@example.com",
            "custom_fields", Map.of("plan", "Pro")));

    String id =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":"
                    + account
                    + ",\"to\":\"@Sarah_Miller\",\"text\":\"Hi {first_name} {last_name} ({name},"
                    + " {email}), your {custom.plan} plan\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");

    as(token)
        .get("/api/v1/messages/" + id)
        .then()
        .statusCode(200)
        .body("text", equalTo("Hi Sarah Miller (Sarah Miller, sarah@example.com), your Pro plan"))
        .body("contact_id", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void shouldRefuseUnknownVariableMissingValueAndUnknownRecipientWith422() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    crmContact(company, false, Map.of("username", "no_email_guy", "first_name", "Bob"));

    String unknown =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":"
                    + account
                    + ",\"to\":\"@no_email_guy\",\"text\":\"Hi {nickname}\"}")
            .statusCode(422)
            .body("code", equalTo("validation_error"))
            .extract()
            .asString();
    assertThat(unknown).contains("unknown_variable").contains("{nickname}");

    String missing =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":"
                    + account
                    + ",\"to\":\"@no_email_guy\",\"text\":\"Mail {email}\"}")
            .statusCode(422)
            .extract()
            .asString();
    assertThat(missing).contains("missing_value").contains("{email}");

    String noContact =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":"
                    + account
                    + ",\"to\":\"@stranger_x\",\"text\":\"Hi {first_name}\"}")
            .statusCode(422)
            .extract()
            .asString();
    assertThat(noContact).contains("no_contact_for_variables");
    as(token)
        .get("/api/v1/messages?account_id=" + account)
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
  }

  @Test
  void shouldRefuseARecipientThatIsNotValidForTheChannel() {
    String token = key(newCompany(), false);
    long account = smsAccount(token, null);
    assertProblem(
        post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@bob\",\"text\":\"x\"}"),
        422,
        "validation_error");
  }

  @Test
  void shouldNotFindAnotherCompanysAccountOrMessage() throws Exception {
    String mine = key(newCompany(), false);
    String theirs = key(newCompany(), false);
    long account = telegramAccount(theirs, null);
    String id =
        post(theirs, "/api/v1/messages/send", SEED_001.formatted(account))
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");

    assertProblem(
        post(mine, "/api/v1/messages/send", SEED_001.formatted(account)), 404, "not_found");
    assertProblem(as(mine).get("/api/v1/messages/" + id).then(), 404, "not_found");
    assertProblem(as(mine).get("/api/v1/messaging/accounts/" + account).then(), 404, "not_found");
    // The same company's live key does not see test-mode objects either.
    String live = TestTokens.apiKey(0, true, "read:messages");
    assertProblem(as(live).get("/api/v1/messages/" + id).then(), 404, "not_found");
  }

  @Test
  void shouldAnswer403NamingTheMissingScope() {
    long company = newCompany();
    String readOnly = TestTokens.apiKey(company, false, "read:messages");
    String body =
        post(readOnly, "/api/v1/messages/send", SEED_001.formatted(1))
            .statusCode(403)
            .body("code", equalTo("forbidden"))
            .extract()
            .asString();
    assertThat(body).contains("write:messages");
    String writeOnly = TestTokens.apiKey(company, false, "write:messages");
    assertThat(as(writeOnly).get("/api/v1/messages").then().statusCode(403).extract().asString())
        .contains("read:messages");
  }

  @Test
  void shouldFilterMessagesByStatusAndValidateFilters() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long account = telegramAccount(token, null);
    String id =
        post(token, "/api/v1/messages/send", SEED_001.formatted(account))
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    awaitFinal(token, id);
    as(token)
        .get("/api/v1/messages?status=sent&direction=outbound&account_id=" + account)
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].id", equalTo(id))
        .body("has_more", equalTo(false));
    assertProblem(as(token).get("/api/v1/messages?status=bogus").then(), 422, "validation_error");
  }
}
