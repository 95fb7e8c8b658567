package dev.solid.messaging.api;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Input a client should never send, on messaging's routes: each is a 4xx problem naming what is
 * wrong, never a 500 from PostgreSQL or a parser, and never an echo of a huge value.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class HostileInputTest {
  private static final String NUL = "\\u0000"; // as JSON escapes it

  private static ValidatableResponse problem(ValidatableResponse response, int status) {
    return response.statusCode(status).contentType("application/problem+json");
  }

  /** 422 validation_error whose first detail names the field and the error. */
  private static void refused(ValidatableResponse response, String field, String error) {
    problem(response, 422)
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo(field))
        .body("details[0].error", equalTo(error));
  }

  private static void patchRefused(
      String token, String path, String body, String field, String error) {
    refused(as(token).contentType("application/json").body(body).patch(path).then(), field, error);
  }

  @Test
  void shouldRefuseANulCharacterInMessageTextsNamingTheField() {
    String token = key(newCompany(), false);
    long telegram = telegramAccount(token, null);
    smsAccount(token, null);

    refused(
        post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + telegram + ",\"to\":\"@sam\",\"text\":\"hi" + NUL + "\"}"),
        "text",
        "invalid_characters");
    refused(
        post(
            token,
            "/api/v1/sms/send",
            "{\"to_phone\":\"+18015551234\",\"message\":\"" + NUL + "\"}"),
        "message",
        "invalid_characters");
    refused(
        post(
            token,
            "/api/v1/messages/broadcast",
            "{\"account_id\":" + telegram + ",\"tag\":\"t" + NUL + "\",\"text\":\"hi\"}"),
        "tag",
        "invalid_characters");
  }

  @Test
  void shouldRefuseANulCharacterInASequenceTemplateNamingTheStep() {
    long company = newCompany();
    String owner = TestTokens.owner(company, false, Set.of("manage:sequences"));
    long account = telegramAccount(key(company, false), null);
    String step = "{\"delay_seconds\":0,\"account_id\":" + account + ",\"template\":\"%s\"}";

    refused(
        post(
            owner,
            "/api/v1/sequences",
            "{\"name\":\"Nul\",\"steps\":["
                + step.formatted("ok")
                + ","
                + step.formatted(NUL)
                + "]}"),
        "steps[1].template",
        "invalid_characters");
    long sequence =
        post(
                owner,
                "/api/v1/sequences",
                "{\"name\":\"Ok\",\"steps\":[" + step.formatted("ok") + "]}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    patchRefused(
        owner,
        "/api/v1/sequences/" + sequence,
        "{\"name\":\"a" + NUL + "\"}",
        "name",
        "invalid_characters");
  }

  @Test
  void shouldRefuseANulCharacterInAccountFieldsNamingTheField() {
    String token = key(newCompany(), false);
    refused(
        post(
            token,
            "/api/v1/messaging/accounts",
            "{\"channel\":\"telegram\",\"sender\":\"@bot" + NUL + "\",\"provider\":{}}"),
        "sender",
        "invalid_characters");
    refused(
        post(
            token,
            "/api/v1/messaging/accounts",
            "{\"channel\":\"telegram\",\"sender\":\"@solid_bot\",\"provider\":{\"bot_token\":\"1"
                + NUL
                + "\",\"webhook_secret\":\"s\"}}"),
        "provider.bot_token",
        "invalid_characters");
    long account = telegramAccount(token, null);
    patchRefused(
        token,
        "/api/v1/messaging/accounts/" + account,
        "{\"sender\":\"@bot" + NUL + "\"}",
        "sender",
        "invalid_characters");
    patchRefused(
        token,
        "/api/v1/messaging/accounts/" + account,
        "{\"provider\":{\"webhook_secret\":\"" + NUL + "\"}}",
        "provider.webhook_secret",
        "invalid_characters");
  }

  @Test
  void shouldAnswerNotFoundOrValidationForANulInAPathOrQuery() {
    String token = key(newCompany(), false);
    for (String path :
        new String[] {
          "/api/v1/messages/%00",
          "/api/v1/messaging/accounts/%00",
          "/api/v1/jobs/job_%00",
          "/api/v1/sequences/%00",
          "/api/v1/enrollments/1%00/pause"
        }) {
      problem(as(token).urlEncodingEnabled(false).get(path).then(), 404)
          .body("code", equalTo("not_found"));
    }
    problem(as(token).urlEncodingEnabled(false).get("/api/v1/messages?status=sent%00").then(), 422)
        .body("details[0].field", equalTo("status"));
  }

  @Test
  void shouldRefuseDuplicateKeysWith400() {
    String token = key(newCompany(), false);
    smsAccount(token, null);
    problem(
            post(
                token,
                "/api/v1/sms/send",
                "{\"to_phone\":\"+18015551234\",\"message\":\"a\",\"message\":\"b\"}"),
            400)
        .body("code", equalTo("bad_request"));
    problem(
            as(token)
                .contentType("application/json")
                .body("{\"daily_cap\":1,\"daily_cap\":2}")
                .patch("/api/v1/messaging/accounts/" + telegramAccount(token, null))
                .then(),
            400)
        .body("code", equalTo("bad_request"));
  }

  @Test
  void shouldRefuseValuesOfTheWrongJsonTypeNamingTheField() {
    String token = key(newCompany(), false);
    long account = telegramAccount(token, null);
    refused(
        post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":\"" + account + "\",\"to\":\"@sam\",\"text\":\"hi\"}"),
        "account_id",
        "invalid_type");
    refused(
        post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@sam\",\"text\":1e309}"),
        "text",
        "invalid_type");
    refused(
        post(
            token,
            "/api/v1/messaging/accounts",
            "{\"channel\":\"telegram\",\"sender\":\"@solid_bot\",\"daily_cap\":1.5}"),
        "daily_cap",
        "invalid_type");
    String path = "/api/v1/messaging/accounts/" + account;
    patchRefused(token, path, "{\"daily_cap\":\"3\"}", "daily_cap", "invalid_type");
    patchRefused(token, path, "{\"default\":1}", "default", "invalid_type");
    patchRefused(token, path, "{\"sender\":123}", "sender", "invalid_type");
    problem(post(token, "/api/v1/sms/send", "{\"to_phone\":\"+18015551234\"}{}"), 400);
    problem(post(token, "/api/v1/sms/send", "null"), 400);
  }

  @Test
  void shouldRefuseASequenceDelayPostgresCannotAddInsteadOfFailing() {
    long company = newCompany();
    String owner = TestTokens.owner(company, false, Set.of("manage:sequences"));
    long account = telegramAccount(key(company, false), null);
    refused(
        post(
            owner,
            "/api/v1/sequences",
            "{\"name\":\"Forever\",\"steps\":[{\"delay_seconds\":9223372036854775807,"
                + "\"account_id\":"
                + account
                + ",\"template\":\"later\"}]}"),
        "steps[0].delay_seconds",
        "too_large");
  }

  @Test
  void shouldRefuseTextsLongerThanTheProviderTakesWithoutEchoingThem() {
    String token = key(newCompany(), false);
    long telegram = telegramAccount(token, null);
    long sms = smsAccount(token, null);
    String huge = "x".repeat(100_000);

    String body =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":" + telegram + ",\"to\":\"@sam\",\"text\":\"" + huge + "\"}")
            .statusCode(422)
            .body("details[0].field", equalTo("text"))
            .body("details[0].error", equalTo("too_long"))
            .extract()
            .asString();
    assertThat(body.length()).isLessThan(2_000);
    // 1700 characters: fine for Telegram, too long for one SMS.
    refused(
        post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":"
                + sms
                + ",\"to\":\"+18015551234\",\"text\":\""
                + "y".repeat(1700)
                + "\"}"),
        "text",
        "too_long");
    String sender =
        post(
                token,
                "/api/v1/messaging/accounts",
                "{\"channel\":\"telegram\",\"sender\":\"" + huge + "\",\"provider\":{}}")
            .statusCode(422)
            .extract()
            .asString();
    assertThat(sender.length()).isLessThan(2_000);
  }
}
