package dev.solid.messaging.inbound;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.crmContact;
import static dev.solid.messaging.support.MessagingApi.events;
import static dev.solid.messaging.support.MessagingApi.hasTypes;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class InboundWebhookTest {
  private static final String PUBLIC = "https://api.solid.example";

  private static Map<String, List<String>> multi(Map<String, String> params) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(k, List.of(v)));
    return out;
  }

  @Test
  void shouldAcceptATwilioCallbackWithARepeatedParameterSignedOverEveryValue() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = smsAccount(token, null);
    String phone = "+1804555" + (1000 + company % 9000);
    String path = "/api/v1/messaging/inbound/twilio/" + account;
    String sid = "SMmulti" + company;
    // Signed as Twilio does, computed here with javax.crypto: each value of MediaUrl, sorted.
    String data =
        PUBLIC
            + path
            + "Bodypicture"
            + "From"
            + phone
            + "MediaUrlhttps://media.example/a.jpg"
            + "MediaUrlhttps://media.example/b.jpg"
            + "MessageSid"
            + sid
            + "NumMedia2";
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            ProviderStandIn.TWILIO_TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "HmacSHA1"));
    String signature =
        java.util.Base64.getEncoder()
            .encodeToString(mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    given()
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "api.solid.example")
        .header("X-Twilio-Signature", signature)
        .formParam("From", phone)
        .formParam("Body", "picture")
        .formParam("MessageSid", sid)
        .formParam("NumMedia", "2")
        .formParam("MediaUrl", "https://media.example/b.jpg", "https://media.example/a.jpg")
        .post(path)
        .then()
        .statusCode(200);
    assertThat(
            MessagingApi.sqlCount(
                "SELECT 1 FROM messaging.messages WHERE company_id = ? AND provider_message_id = ?",
                company,
                sid))
        .isEqualTo(1);
  }

  @Test
  void shouldStoreAVerifiedTwilioSmsLinkedToTheContactAndEmitReceived() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = smsAccount(token, null);
    String phone = "+1803555" + (1000 + company % 9000);
    long contact = crmContact(company, true, Map.of("phone", phone, "name", "Ann"));
    String path = "/api/v1/messaging/inbound/twilio/" + account;
    Map<String, String> params =
        Map.of(
            "From",
            phone,
            "To",
            "+18015550000",
            "Body",
            "Yes please",
            "MessageSid",
            "SM" + company);
    String signature =
        TwilioSignature.compute(ProviderStandIn.TWILIO_TOKEN, PUBLIC + path, multi(params));

    given()
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "api.solid.example")
        .header("X-Twilio-Signature", signature)
        .formParams(params)
        .post(path)
        .then()
        .statusCode(200);

    as(token)
        .get("/api/v1/messages?contact_id=" + contact)
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].direction", equalTo("inbound"))
        .body("items[0].from", equalTo(phone))
        .body("items[0].text", equalTo("Yes please"))
        .body("items[0].status", equalTo("received"));
    List<JsonNode> published = events(EventTopics.MESSAGING, company, hasTypes("message.received"));
    JsonNode received =
        published.stream()
            .filter(e -> e.get("event").asText().equals("message.received"))
            .findFirst()
            .orElseThrow();
    assertThat(received.get("data").get("contact_id").asLong()).isEqualTo(contact);
  }

  @Test
  void shouldLinkATelegramSenderWithoutUsernameOnceCrmKnowsItsUserId() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    long userId = 7_000_000_000L + company % 1_000_000;
    MessagingApi.telegramUpdate(account, null, userId, "no username here");

    List<JsonNode> published = events(EventTopics.MESSAGING, company, hasTypes("message.received"));
    JsonNode data =
        published.stream()
            .filter(e -> e.get("event").asText().equals("message.received"))
            .findFirst()
            .orElseThrow()
            .get("data");
    assertThat(data.get("telegram_id").asLong()).as("what crm keys on").isEqualTo(userId);
    assertThat(data.get("from").asText()).isEqualTo(Long.toString(userId));
    assertThat(data.get("contact_id").isNull()).isTrue();

    // crm's contact.created for that user (see crm's InboundContacts), as crm publishes it.
    long contact = company * 10 + 7;
    MessagingApi.crmEvent(
        company,
        true,
        "contact.created",
        contact,
        Map.of("first_name", "Tess", "telegram_id", userId, "tags", List.of()));
    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.messages WHERE company_id = ? AND contact_id = ?",
        company,
        contact);
  }

  @Test
  void shouldLinkASenderKnownByTelegramIdAfterTheUserSetsAUsername() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    long userId = 7_100_000_000L + company % 1_000_000;
    // crm knows this user by id only (it wrote before it had a username); a second contact happens
    // to carry the username the user now picks, so a username-first lookup would pick the wrong
    // one.
    long byId = crmContact(company, true, Map.of("first_name", "Uma", "telegram_id", userId));
    crmContact(company, true, Map.of("first_name", "Other", "username", "uma_" + company));

    MessagingApi.telegramUpdate(account, "uma_" + company, userId, "now with a username");

    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.messages WHERE company_id = ? AND contact_id = ?"
            + " AND direction = 'inbound'",
        company,
        byId);
  }

  @Test
  void shouldRejectABadTwilioSignatureWith401AndStoreNothing() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = smsAccount(token, null);
    String path = "/api/v1/messaging/inbound/twilio/" + account;
    Map<String, String> params =
        Map.of("From", "+18035550001", "Body", "forged", "MessageSid", "SMforged" + company);
    String signedOtherBody =
        TwilioSignature.compute(
            ProviderStandIn.TWILIO_TOKEN, PUBLIC + path, Map.of("Body", List.of("other")));

    String body =
        given()
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.solid.example")
            .header("X-Twilio-Signature", signedOtherBody)
            .formParams(params)
            .post(path)
            .then()
            .statusCode(401)
            .contentType("application/problem+json")
            .extract()
            .asString();
    assertThat(body).contains("\"code\":\"unauthorized\"");
    given().formParams(params).post(path).then().statusCode(401);
    assertThat(
            MessagingApi.sqlCount("SELECT 1 FROM messaging.messages WHERE company_id = ?", company))
        .isZero();
  }

  @Test
  void shouldStoreAVerifiedTelegramUpdateOnceAndRejectAWrongSecret() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String path = "/api/v1/messaging/inbound/telegram/" + account;
    String update =
        "{\"update_id\":"
            + company
            + ",\"message\":{\"message_id\":5,\"from\":{\"id\":42,\"is_bot\":false,"
            + "\"first_name\":\"Tom\",\"username\":\"tom_"
            + company
            + "\"},\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1700000000,\"text\":\"hello\"}}";

    given()
        .header("X-Telegram-Bot-Api-Secret-Token", "wrong")
        .contentType("application/json")
        .body(update)
        .post(path)
        .then()
        .statusCode(401);
    assertThat(
            MessagingApi.sqlCount("SELECT 1 FROM messaging.messages WHERE company_id = ?", company))
        .isZero();

    for (int i = 0; i < 2; i++) { // Telegram retries a webhook it thinks failed: stored once
      given()
          .header("X-Telegram-Bot-Api-Secret-Token", "tg-secret")
          .contentType("application/json")
          .body(update)
          .post(path)
          .then()
          .statusCode(200);
    }
    as(token)
        .get("/api/v1/messages?direction=inbound")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].from", equalTo("tom_" + company))
        .body("items[0].contact_id", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void shouldLinkAnUnknownSendersMessagesWhenCrmCreatesTheContact() throws Exception {
    long company = newCompany();
    String token = key(company, true);
    long account = telegramAccount(token, null);
    String path = "/api/v1/messaging/inbound/telegram/" + account;
    String username = "newbie_" + company;
    given()
        .header("X-Telegram-Bot-Api-Secret-Token", "tg-secret")
        .contentType("application/json")
        .body(
            "{\"update_id\":1,\"message\":{\"message_id\":1,\"from\":{\"id\":7,\"username\":\""
                + username
                + "\"},\"chat\":{\"id\":7},\"text\":\"hi\"}}")
        .post(path)
        .then()
        .statusCode(200);

    // What crm-service publishes after consuming message.received (see crm's InboundContacts).
    long contact = crmContact(company, true, Map.of("username", username));

    MessagingApi.awaitSql(
        "SELECT 1 FROM messaging.messages WHERE company_id = ? AND contact_id = ?",
        company,
        contact);
    as(token).get("/api/v1/messages?contact_id=" + contact).then().body("total", equalTo(1));
  }
}
