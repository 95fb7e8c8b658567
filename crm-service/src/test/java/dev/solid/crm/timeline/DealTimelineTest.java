package dev.solid.crm.timeline;

import static dev.solid.crm.activity.CrmApi.CONTACTS;
import static dev.solid.crm.activity.CrmApi.all;
import static dev.solid.crm.activity.CrmApi.contact;
import static dev.solid.crm.activity.CrmApi.create;
import static dev.solid.crm.activity.CrmApi.get;
import static dev.solid.crm.activity.CrmApi.newCompany;
import static dev.solid.crm.activity.CrmApi.patch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** A contact's timeline shows its deals' creation and stage changes, newest first. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class DealTimelineTest {

  @Test
  void dealCreationAndStageChangesAreOnTheContactsTimeline() {
    long company = newCompany();
    String token = all(company);
    long ann = contact(token, "Ann Deal");
    long other = contact(token, "Bob Other");
    long deal =
        create(
            token,
            "/api/v1/crm/deals",
            "{\"title\":\"Kitchen Remodel\",\"stage\":\"New\",\"amount\":1200000,\"contact_id\":"
                + ann
                + "}");
    create(
        token,
        "/api/v1/crm/deals",
        "{\"title\":\"Bob's\",\"amount\":5,\"contact_id\":" + other + "}");
    patch(token, "/api/v1/crm/deals/" + deal, "{\"stage\":\"proposal\"}").statusCode(200);
    JsonPath timeline =
        get(token, CONTACTS + "/" + ann + "/timeline").statusCode(200).extract().jsonPath();
    assertThat(timeline.getInt("total")).isEqualTo(2);
    assertThat(timeline.getList("items.type"))
        .containsExactly("deal.stage_changed", "deal.created");
    assertThat(timeline.getString("items[0].summary"))
        .isEqualTo("Deal " + deal + " moved from New to Proposal");
    assertThat(timeline.getString("items[0].ref.object")).isEqualTo("deal");
    assertThat(timeline.getString("items[0].ref.id")).isEqualTo(Long.toString(deal));
    // Another company's key sees no such contact.
    get(all(newCompany()), CONTACTS + "/" + ann + "/timeline").statusCode(404);
  }
}
