package dev.solid.messaging.account;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.assertProblem;
import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class AccountTest {

  private static final String SMS_BODY =
      "{\"channel\":\"sms\",\"sender\":\"+18015550001\",\"provider\":{\"account_sid\":\""
          + ProviderStandIn.TWILIO_SID
          + "\",\"auth_token\":\""
          + ProviderStandIn.TWILIO_TOKEN
          + "\"}%s}";

  private static boolean isDefault(String token, long id) {
    return as(token)
        .get("/api/v1/messaging/accounts/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getBoolean("default");
  }

  @Test
  void shouldMakeANewDefaultAccountTheOnlyDefaultOfItsChannel() {
    String token = key(newCompany(), false);
    long first = smsAccount(token, null);
    assertThat(isDefault(token, first)).isTrue(); // the first of its channel

    long second =
        post(token, "/api/v1/messaging/accounts", SMS_BODY.formatted(",\"default\":true"))
            .statusCode(201)
            .body("default", equalTo(true))
            .extract()
            .jsonPath()
            .getLong("id");

    assertThat(isDefault(token, first)).isFalse();
    assertThat(isDefault(token, second)).isTrue();
    long telegram = telegramAccount(token, null);
    assertThat(isDefault(token, telegram)).as("one default per channel").isTrue();
    assertThat(isDefault(token, second)).isTrue();
  }

  @Test
  void shouldSwitchTheDefaultWithPatch() {
    String token = key(newCompany(), false);
    long first = smsAccount(token, null);
    long second =
        post(token, "/api/v1/messaging/accounts", SMS_BODY.formatted(""))
            .statusCode(201)
            .body("default", equalTo(false))
            .extract()
            .jsonPath()
            .getLong("id");

    as(token)
        .contentType("application/json")
        .body("{\"default\":true}")
        .patch("/api/v1/messaging/accounts/" + second)
        .then()
        .statusCode(200)
        .body("default", equalTo(true));
    assertThat(isDefault(token, first)).isFalse();

    as(token)
        .contentType("application/json")
        .body("{\"default\":true}")
        .patch("/api/v1/messaging/accounts/" + first)
        .then()
        .statusCode(200)
        .body("default", equalTo(true));
    assertThat(isDefault(token, second)).isFalse();
    // The SMS endpoint now sends from the new default.
    String id =
        post(token, "/api/v1/sms/send", "{\"to_phone\":\"+18015559876\",\"message\":\"x\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    as(token).get("/api/v1/messages/" + id).then().body("account_id", equalTo((int) first));
  }

  @Test
  void shouldLeaveExactlyOneDefaultWhenFirstAccountsAreCreatedConcurrently() throws Exception {
    String token = key(newCompany(), false);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ExtractableResponse<Response>>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        String body = SMS_BODY.formatted(i % 2 == 0 ? "" : ",\"default\":true");
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return post(token, "/api/v1/messaging/accounts", body).extract();
                }));
      }
      start.countDown();
      for (Future<ExtractableResponse<Response>> call : calls) {
        assertThat(call.get().statusCode()).as(call.get().asString()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Boolean> defaults =
        as(token)
            .get("/api/v1/messaging/accounts?limit=50")
            .then()
            .statusCode(200)
            .body("total", equalTo(8))
            .extract()
            .jsonPath()
            .getList("items.default", Boolean.class);
    assertThat(defaults.stream().filter(d -> d)).hasSize(1);
  }

  @Test
  void shouldListGetAndDeleteAccountsWithoutEverReturningCredentials() throws Exception {
    long company = newCompany();
    String token = key(company, false);
    long sms = smsAccount(token, null);
    String created =
        post(
                token,
                "/api/v1/messaging/accounts",
                "{\"channel\":\"telegram\",\"sender\":\"@solid_bot\",\"provider\":{\"bot_token\":\""
                    + ProviderStandIn.BOT_TOKEN
                    + "\",\"webhook_secret\":\"tg-secret\"},\"daily_cap\":7}")
            .statusCode(201)
            .body("channel", equalTo("telegram"))
            .body("sender", equalTo("solid_bot"))
            .body("daily_cap", equalTo(7))
            .body("provider_fields", equalTo(List.of("bot_token", "webhook_secret")))
            .extract()
            .asString();
    long telegram = MessagingApi.JSON.readTree(created).get("id").asLong();
    String got =
        as(token)
            .get("/api/v1/messaging/accounts/" + telegram)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String list =
        as(token)
            .get("/api/v1/messaging/accounts?limit=1&offset=1")
            .then()
            .statusCode(200)
            .body("total", equalTo(2))
            .body("limit", equalTo(1))
            .body("offset", equalTo(1))
            .body("has_more", equalTo(false))
            .body("items[0].id", equalTo((int) telegram))
            .extract()
            .asString();
    for (String body : List.of(created, got, list)) {
      assertThat(body)
          .doesNotContain(ProviderStandIn.BOT_TOKEN)
          .doesNotContain("tg-secret")
          .doesNotContain(ProviderStandIn.TWILIO_TOKEN);
    }

    // At rest: ciphertext, not the token.
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps =
            c.prepareStatement("SELECT credentials FROM messaging.accounts WHERE id = ?")) {
      ps.setLong(1, telegram);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        String stored = rs.getString(1);
        assertThat(stored).startsWith("v2:");
        assertThat(stored).doesNotContain(ProviderStandIn.BOT_TOKEN).doesNotContain("tg-secret");
        assertThat(stored).doesNotContain("bot_token");
      }
    }

    as(token).delete("/api/v1/messaging/accounts/" + sms).then().statusCode(204);
    assertProblem(as(token).get("/api/v1/messaging/accounts/" + sms).then(), 404, "not_found");
    assertProblem(as(token).delete("/api/v1/messaging/accounts/" + sms).then(), 404, "not_found");
    as(token).get("/api/v1/messaging/accounts").then().body("total", equalTo(1));
    // Another company cannot see or delete it.
    String other = key(newCompany(), false);
    assertProblem(as(other).get("/api/v1/messaging/accounts/" + telegram).then(), 404, "not_found");
    assertProblem(
        as(other).delete("/api/v1/messaging/accounts/" + telegram).then(), 404, "not_found");
  }

  @Test
  void shouldNeedReadMessagesToReadAndWriteMessagesToChange() {
    long company = newCompany();
    long account = smsAccount(key(company, false), null);
    String reader = TestTokens.apiKey(company, false, "read:messages");
    String writer = TestTokens.apiKey(company, false, "write:messages");

    as(reader).get("/api/v1/messaging/accounts").then().statusCode(200);
    as(reader).get("/api/v1/messaging/accounts/" + account).then().statusCode(200);
    for (ExtractableResponse<Response> denied :
        List.of(
            post(reader, "/api/v1/messaging/accounts", SMS_BODY.formatted("")).extract(),
            as(reader)
                .contentType("application/json")
                .body("{\"daily_cap\":3}")
                .patch("/api/v1/messaging/accounts/" + account)
                .then()
                .extract(),
            as(reader).delete("/api/v1/messaging/accounts/" + account).then().extract())) {
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.jsonPath().getString("code")).isEqualTo("forbidden");
      assertThat(denied.jsonPath().getString("message")).contains("write:messages");
    }
    for (ExtractableResponse<Response> denied :
        List.of(
            as(writer).get("/api/v1/messaging/accounts").then().extract(),
            as(writer).get("/api/v1/messaging/accounts/" + account).then().extract())) {
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.jsonPath().getString("message")).contains("read:messages");
    }
    post(writer, "/api/v1/messaging/accounts", SMS_BODY.formatted("")).statusCode(201);
  }

  @Test
  void shouldCreateTestModeAccountsWithoutProviderCredentialsAndSendFromThem() throws Exception {
    String token = key(newCompany(), false);
    long telegram =
        post(
                token,
                "/api/v1/messaging/accounts",
                "{\"channel\":\"telegram\",\"sender\":\"@solid_demo_bot\"}")
            .statusCode(201)
            .body("provider_fields", empty())
            .body("default", equalTo(true))
            .extract()
            .jsonPath()
            .getLong("id");
    post(token, "/api/v1/messaging/accounts", "{\"channel\":\"sms\",\"sender\":\"+15005550006\"}")
        .statusCode(201)
        .body("provider_fields", empty());

    // Test mode dispatches nothing, so the seeds' sends go through without credentials.
    String sms =
        post(
                token,
                "/api/v1/sms/send",
                "{\"to_phone\":\"+18015551234\",\"message\":\"Thanks for your inquiry!\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    String dm =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":"
                    + telegram
                    + ",\"to\":\"@sarah_miller\",\"text\":\"Hey Sarah, your invite is ready.\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    for (String id : List.of(sms, dm)) {
      JsonNode message = awaitFinal(token, id);
      assertThat(message.path("status").asText()).as("%s", message).isEqualTo("sent");
    }
    // Nor does such an account verify a provider's callback: there is no secret to check.
    as(token)
        .header("X-Telegram-Bot-Api-Secret-Token", "anything")
        .contentType("application/json")
        .body("{\"update_id\":1,\"message\":{\"message_id\":1,\"text\":\"hi\"}}")
        .post("/api/v1/messaging/inbound/telegram/" + telegram)
        .then()
        .statusCode(401);
  }

  @Test
  void shouldStillRequireProviderCredentialsInLiveModeAndRefuseUnknownOnesInBoth() {
    String live = key(newCompany(), true);
    ExtractableResponse<Response> refused =
        post(
                live,
                "/api/v1/messaging/accounts",
                "{\"channel\":\"telegram\",\"sender\":\"@solid_bot\"}")
            .statusCode(422)
            .extract();
    assertThat(refused.jsonPath().getList("details.field", String.class))
        .containsExactly("provider.bot_token", "provider.webhook_secret");
    assertThat(refused.jsonPath().getList("details.error", String.class)).containsOnly("required");

    String test = key(newCompany(), false);
    ExtractableResponse<Response> unknown =
        post(
                test,
                "/api/v1/messaging/accounts",
                "{\"channel\":\"sms\",\"sender\":\"+15005550006\",\"provider\":{\"api_key\":\"x\"}}")
            .statusCode(422)
            .extract();
    assertThat(unknown.jsonPath().getList("details.field", String.class))
        .containsExactly("provider.api_key");
    assertThat(unknown.jsonPath().getList("details.error", String.class))
        .containsExactly("unknown_field");
  }
}
