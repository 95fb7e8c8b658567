package dev.solid.messaging.contact;

import static dev.solid.messaging.support.MessagingApi.as;
import static dev.solid.messaging.support.MessagingApi.assertProblem;
import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.smsAccount;
import static dev.solid.messaging.support.MessagingApi.sqlCount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.solid.common.caller.Tenant;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A contact crm created a moment ago, whose event has not reached this service: the API asks crm
 * (here its local stand-in) with the caller's own token instead of answering 404 or 422.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class CrmFallbackTest {
  private final ProviderStandIn crm = ProviderStandIn.instance();
  @Inject Pool pool;
  @Inject ContactRepository contacts;

  private static String contactJson(long id, String firstName, String username, String phone) {
    return "{\"id\":"
        + id
        + ",\"name\":\""
        + firstName
        + " Fresh\",\"first_name\":\""
        + firstName
        + "\",\"last_name\":\"Fresh\",\"username\":"
        + (username == null ? "null" : "\"" + username + "\"")
        + ",\"email\":null,\"phone\":"
        + (phone == null ? "null" : "\"" + phone + "\"")
        + ",\"tags\":[],\"custom_fields\":{\"plan\":\"Pro\"},\"livemode\":false}";
  }

  /** A one-step sequence of the company, created by its owner. */
  private static long sequence(long company, String key) {
    String owner = TestTokens.owner(company, false, Set.of("manage:sequences"));
    long account = telegramAccount(key, null);
    return post(
            owner,
            "/api/v1/sequences",
            "{\"name\":\"Fresh\",\"steps\":[{\"delay_seconds\":3600,\"account_id\":"
                + account
                + ",\"template\":\"Hi {first_name}\"}]}")
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  @Test
  void shouldEnrollAContactTheProjectionHasNotSeenYetByAskingCrmWithTheCallersToken()
      throws Exception {
    long company = newCompany();
    String key = key(company, false);
    long sequence = sequence(company, key);
    long contact = company * 10 + 1;
    crm.crmContact(key, contactJson(contact, "Fay", "fay_" + company, null));

    post(key, "/api/v1/sequences/" + sequence + "/enroll", "{\"contact_id\":" + contact + "}")
        .statusCode(201)
        .body("status", equalTo("active"))
        .body("contact_id", equalTo(contact));

    assertThat(crm.crmRequests()).contains("Bearer " + key + " /api/v1/crm/contacts/" + contact);
    assertThat(
            sqlCount(
                "SELECT 1 FROM messaging.contacts WHERE company_id = ? AND id = ?",
                company,
                contact))
        .as("projected for the scheduler")
        .isEqualTo(1);
    // Unknown to crm as well: still 404.
    post(key, "/api/v1/sequences/" + sequence + "/enroll", "{\"contact_id\":" + (contact + 1) + "}")
        .statusCode(404);
  }

  @Test
  void shouldNotShowAnotherCompanysContactThroughCrm() throws Exception {
    long company = newCompany();
    String key = key(company, false);
    long contact = company * 10 + 5;
    crm.crmContact(key, contactJson(contact, "Kim", "kim_" + company, null));
    long other = newCompany();
    String otherKey = key(other, false);
    long otherSequence = sequence(other, otherKey);

    assertProblem(
        post(
            otherKey,
            "/api/v1/sequences/" + otherSequence + "/enroll",
            "{\"contact_id\":" + contact + "}"),
        404,
        "not_found");

    assertThat(crm.crmRequests())
        .as("asked as the other caller, whom crm shows nothing of the first company")
        .contains("Bearer " + otherKey + " /api/v1/crm/contacts/" + contact);
    assertThat(
            sqlCount(
                "SELECT 1 FROM messaging.contacts WHERE company_id = ? AND id = ?", other, contact))
        .isZero();
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenCrmFailsInsteadOfNotFound() {
    long company = newCompany();
    String key = key(company, false);
    long sequence = sequence(company, key);
    crm.crmFailure(key, 500);

    ValidatableResponse enroll =
        post(
            key,
            "/api/v1/sequences/" + sequence + "/enroll",
            "{\"contact_id\":" + (company * 10 + 6) + "}");
    assertProblem(enroll, 503, "service_unavailable");
    enroll.header("Retry-After", notNullValue());

    long telegram = telegramAccount(key, null);
    assertProblem(
        post(
            key,
            "/api/v1/messages/send",
            "{\"account_id\":"
                + telegram
                + ",\"to\":\"@someone_"
                + company
                + "\",\"text\":\"Hi {first_name}\"}"),
        503,
        "service_unavailable");
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenCrmIsTooSlow() {
    long company = newCompany();
    String key = key(company, false);
    long sequence = sequence(company, key);
    crm.crmFailure(key, ProviderStandIn.SLOW);

    ValidatableResponse enroll =
        post(
            key,
            "/api/v1/sequences/" + sequence + "/enroll",
            "{\"contact_id\":" + (company * 10 + 9) + "}");

    assertProblem(enroll, 503, "service_unavailable");
    enroll.header("Retry-After", notNullValue());
  }

  @Test
  void shouldSayReadContactsIsNeededWhenCrmRefusesTheKey() {
    long company = newCompany();
    String key = key(company, false);
    long sequence = sequence(company, key);
    crm.crmFailure(key, 403);

    post(
            key,
            "/api/v1/sequences/" + sequence + "/enroll",
            "{\"contact_id\":" + (company * 10 + 7) + "}")
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("forbidden"))
        .body("message", containsString("read:contacts"))
        .body("details[0].received", equalTo("read:contacts"));
  }

  @Test
  void shouldNotAskCrmForANumericTelegramRecipient() {
    long company = newCompany();
    String key = key(company, false);
    long telegram = telegramAccount(key, null);
    String userId = Long.toString(8_000_000_000L + company);

    post(
            key,
            "/api/v1/messages/send",
            "{\"account_id\":"
                + telegram
                + ",\"to\":\""
                + userId
                + "\",\"text\":\"Hi {first_name}\"}")
        .statusCode(422)
        .body("details[0].error", equalTo("no_contact_for_variables"));
    assertThat(crm.crmRequests()).noneMatch(r -> r.contains(userId));
  }

  @Test
  void shouldKeepTheProjectionsRowWhenCrmsAnswerArrivesAfterANewerEvent() throws Exception {
    long company = newCompany();
    Tenant tenant = new Tenant(company, false);
    long id = company * 10 + 8;
    ProjectedContact fromEvent =
        new ProjectedContact(
            id, "Lu New", "Lu", "New", "lu_new", null, null, null, List.of(), Map.of());
    ProjectedContact fromCrm =
        new ProjectedContact(
            id, "Lu Old", "Lu", "Old", "lu_old", null, null, null, List.of(), Map.of());
    pool.withTransaction(db -> contacts.upsert(db, tenant, fromEvent)).await().indefinitely();

    pool.withTransaction(db -> contacts.insertIfAbsent(db, tenant, fromCrm)).await().indefinitely();

    ProjectedContact kept =
        pool.withConnection(db -> contacts.find(db, tenant, id)).await().indefinitely();
    assertThat(kept.username()).isEqualTo("lu_new");
    assertThat(kept.lastName()).isEqualTo("New");
  }

  @Test
  void shouldResolveATemplateForARecipientCrmJustCreated() throws Exception {
    long company = newCompany();
    String key = key(company, false);
    long telegram = telegramAccount(key, null);
    smsAccount(key, null);
    String username = "gus_" + company;
    String phone = "+1808555" + (1000 + company % 9000);
    crm.crmContact(key, contactJson(company * 10 + 2, "Gus", username, null));
    crm.crmContact(key, contactJson(company * 10 + 3, "Hal", null, phone));

    String id =
        post(
                key,
                "/api/v1/messages/send",
                "{\"account_id\":"
                    + telegram
                    + ",\"to\":\"@"
                    + username.toUpperCase()
                    + "\",\"text\":\"Hi {first_name}, you are on {custom.plan}\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    as(key)
        .get("/api/v1/messages/" + id)
        .then()
        .body("text", equalTo("Hi Gus, you are on Pro"))
        .body("contact_id", equalTo(company * 10 + 2));

    String sms =
        post(
                key,
                "/api/v1/sms/send",
                "{\"to_phone\":\"" + phone + "\",\"message\":\"Hello {first_name}\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    as(key).get("/api/v1/messages/" + sms).then().body("text", equalTo("Hello Hal"));
    assertThat(crm.crmRequests())
        .anyMatch(
            r ->
                r.startsWith("Bearer " + key + " /api/v1/crm/contacts?")
                    && r.contains(username.toUpperCase()));
  }

  @Test
  void shouldStillRefuseATemplateForARecipientCrmDoesNotKnow() {
    long company = newCompany();
    String key = key(company, false);
    long telegram = telegramAccount(key, null);
    crm.crmContact(key, contactJson(company * 10 + 4, "Ivy", "ivy_" + company, null));

    post(
            key,
            "/api/v1/messages/send",
            "{\"account_id\":"
                + telegram
                + ",\"to\":\"@nobody_"
                + company
                + "\",\"text\":\"Hi {first_name}\"}")
        .statusCode(422)
        .body("details[0].error", equalTo("no_contact_for_variables"));
  }
}
