package dev.solid.crm.deal;

import static dev.solid.crm.deal.DealApi.DEALS;
import static dev.solid.crm.deal.DealApi.PIPELINES;
import static dev.solid.crm.deal.DealApi.customPipeline;
import static dev.solid.crm.deal.DealApi.deal;
import static dev.solid.crm.deal.DealApi.delete;
import static dev.solid.crm.deal.DealApi.get;
import static dev.solid.crm.deal.DealApi.newCompany;
import static dev.solid.crm.deal.DealApi.patch;
import static dev.solid.crm.deal.DealApi.stageId;
import static dev.solid.crm.deal.DealApi.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.crm.contact.CrmTopic;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Deal and pipeline events leave through the outbox onto crm's topic, keyed by company. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class DealEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldPublishTheLifeOfADealInOrder() throws Exception {
    long company = newCompany();
    String token = token(company);
    long id = deal(token, "{\"title\":\"Kitchen Remodel\",\"stage\":\"New\",\"amount\":1200000}");
    patch(token, DEALS + "/" + id, "{\"amount\":1300000}").statusCode(200);
    patch(token, DEALS + "/" + id, "{\"stage\":\"Won\"}").statusCode(200);
    patch(token, DEALS + "/" + id, "{\"stage\":\"Lost\",\"lost_reason\":\"Changed mind\"}")
        .statusCode(200);
    // A refused change publishes nothing.
    patch(token, DEALS + "/" + id, "{\"stage\":\"New\",\"lost_reason\":\"x\"}").statusCode(422);
    delete(token, DEALS + "/" + id).statusCode(204);

    List<ConsumerRecord<String, String>> records = CrmTopic.records(company, 10);
    assertThat(records).extracting(ConsumerRecord::key).containsOnly(Long.toString(company));
    List<String> types = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      types.add(JSON.readTree(record.value()).get("event").asText());
    }
    assertThat(types)
        .containsExactly(
            "pipeline.updated", // the default pipeline, created on first use
            "deal.created",
            "deal.updated",
            "deal.updated",
            "deal.stage_changed",
            "deal.won",
            "deal.updated",
            "deal.stage_changed",
            "deal.lost",
            "deal.deleted");
  }

  @Test
  void shouldDescribeTheStageChangeAndTheDeal() throws Exception {
    long company = newCompany();
    String token = token(company);
    long id = deal(token, "{\"title\":\"Deck\",\"amount\":1000}");
    patch(token, DEALS + "/" + id, "{\"stage\":\"Proposal\"}").statusCode(200);

    JsonNode changed = CrmTopic.events(company, "deal.stage_changed", 1).get(0);
    assertThat(changed.get("livemode").asBoolean()).isFalse();
    JsonNode data = changed.get("data");
    assertThat(data.get("from").get("name").asText()).isEqualTo("New");
    assertThat(data.get("to").get("name").asText()).isEqualTo("Proposal");
    assertThat(data.get("to").get("kind").asText()).isEqualTo("open");
    assertThat(data.get("deal").get("id").asLong()).isEqualTo(id);
    assertThat(data.get("deal").get("stage").asText()).isEqualTo("Proposal");
    assertThat(data.get("deal").get("weighted_amount").asLong()).isEqualTo(500);
    JsonNode created = CrmTopic.events(company, "deal.created", 1).get(0);
    assertThat(created.get("data").get("title").asText()).isEqualTo("Deck");
    assertThat(created.get("data").get("object").asText()).isEqualTo("deal");
  }

  @Test
  void shouldPublishPipelineUpdatedOnEveryPipelineChange() throws Exception {
    long company = newCompany();
    String token = token(company);
    JsonPath pipeline = customPipeline(token, "Evented");
    long id = pipeline.getLong("id");
    patch(token, PIPELINES + "/" + id, "{\"name\":\"Renamed\"}").statusCode(200);
    delete(token, PIPELINES + "/" + id + "/stages/" + stageId(pipeline, "Open B")).statusCode(200);
    delete(token, PIPELINES + "/" + id).statusCode(204);
    get(token, PIPELINES).statusCode(200);

    List<JsonNode> events = CrmTopic.events(company, "pipeline.updated", 5);
    // The default pipeline first (created by the create), then this one's four changes.
    assertThat(events.get(0).get("data").get("is_default").asBoolean()).isTrue();
    assertThat(events.get(1).get("data").get("name").asText()).isEqualTo("Evented");
    assertThat(events.get(2).get("data").get("name").asText()).isEqualTo("Renamed");
    assertThat(events.get(3).get("data").get("stages")).hasSize(3);
    assertThat(events.get(4).get("data").get("id").asLong()).isEqualTo(id);
    assertThat(events.get(4).get("data").get("deleted").asBoolean()).isTrue();
  }
}
