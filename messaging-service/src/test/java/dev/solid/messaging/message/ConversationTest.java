package dev.solid.messaging.message;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.crmContact;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static dev.solid.messaging.support.MessagingApi.telegramUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.solid.infra.testing.SolidTestInfra;
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
class ConversationTest {

  @Test
  void shouldListAContactsInboundAndOutboundMessagesInConversationOrder() throws Exception {
    long company = newCompany();
    String key = key(company, false);
    long account = telegramAccount(key, null);
    String username = "talk_" + company;
    long contact = crmContact(company, false, Map.of("username", username, "first_name", "Tia"));

    telegramUpdate(account, username, company, "hello 1");
    String out2 = send(key, account, "@" + username, "reply 2");
    awaitFinal(key, out2);
    telegramUpdate(account, username, company, "thanks 3");
    String out4 = send(key, account, "@" + username, "bye 4");
    awaitFinal(key, out4);

    List<String> texts =
        as(key)
            .get("/api/v1/messages?contact_id=" + contact)
            .then()
            .statusCode(200)
            .body("total", equalTo(4))
            .body("items.direction", equalTo(List.of("inbound", "outbound", "inbound", "outbound")))
            .extract()
            .jsonPath()
            .getList("items.text", String.class);
    assertThat(texts).containsExactly("hello 1", "reply 2", "thanks 3", "bye 4");
    as(key)
        .get("/api/v1/messages?contact_id=" + contact + "&direction=inbound")
        .then()
        .body("items.text", equalTo(List.of("hello 1", "thanks 3")));
  }

  @Test
  void shouldPaginateWithLimitOffsetAndHasMore() {
    long company = newCompany();
    String key = key(company, false);
    long account = telegramAccount(key, null);
    for (int i = 0; i < 5; i++) {
      send(key, account, "@page_user", "m" + i);
    }

    as(key)
        .get("/api/v1/messages?limit=2")
        .then()
        .statusCode(200)
        .body("total", equalTo(5))
        .body("limit", equalTo(2))
        .body("offset", equalTo(0))
        .body("has_more", equalTo(true))
        .body("items.text", equalTo(List.of("m0", "m1")));
    as(key)
        .get("/api/v1/messages?limit=2&offset=2")
        .then()
        .body("has_more", equalTo(true))
        .body("items.text", equalTo(List.of("m2", "m3")));
    as(key)
        .get("/api/v1/messages?limit=2&offset=4")
        .then()
        .body("offset", equalTo(4))
        .body("has_more", equalTo(false))
        .body("items.text", equalTo(List.of("m4")));
    as(key)
        .get("/api/v1/messages?limit=2&offset=10")
        .then()
        .body("has_more", equalTo(false))
        .body("items", equalTo(List.of()));
  }

  private static String send(String key, long account, String to, String text) {
    return post(
            key,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"" + to + "\",\"text\":\"" + text + "\"}")
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("id");
  }
}
