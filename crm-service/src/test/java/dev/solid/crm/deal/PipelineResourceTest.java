package dev.solid.crm.deal;

import static dev.solid.crm.deal.DealApi.DEALS;
import static dev.solid.crm.deal.DealApi.PIPELINES;
import static dev.solid.crm.deal.DealApi.customPipeline;
import static dev.solid.crm.deal.DealApi.deal;
import static dev.solid.crm.deal.DealApi.defaultPipeline;
import static dev.solid.crm.deal.DealApi.delete;
import static dev.solid.crm.deal.DealApi.get;
import static dev.solid.crm.deal.DealApi.newCompany;
import static dev.solid.crm.deal.DealApi.patch;
import static dev.solid.crm.deal.DealApi.post;
import static dev.solid.crm.deal.DealApi.scoped;
import static dev.solid.crm.deal.DealApi.stageId;
import static dev.solid.crm.deal.DealApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class PipelineResourceTest {

  @Test
  void shouldStartEveryCompanyWithTheDefaultPipeline() {
    String token = token(newCompany());

    get(token, PIPELINES)
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].object", equalTo("pipeline"))
        .body("items[0].is_default", equalTo(true))
        .body("items[0].name", equalTo("Sales Pipeline"))
        .body(
            "items[0].stages.name",
            contains("New", "Qualified", "Proposal", "Negotiation", "Won", "Lost"))
        .body("items[0].stages.probability", contains(10, 25, 50, 75, 100, 0))
        .body("items[0].stages.kind", contains("open", "open", "open", "open", "won", "lost"))
        .body("items[0].stages.position", contains(0, 1, 2, 3, 4, 5));
    // Asking again does not make another.
    get(token, PIPELINES).statusCode(200).body("total", equalTo(1));
  }

  @Test
  void shouldCreateOneDefaultPipelineForConcurrentFirstRequests() throws Exception {
    long company = newCompany();
    String token = token(company);
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int n = i;
        Callable<Integer> call =
            () -> {
              start.await();
              return n % 2 == 0
                  ? get(token, PIPELINES).extract().statusCode()
                  : post(token, DEALS, "{\"title\":\"Race " + n + "\",\"amount\":1}")
                      .extract()
                      .statusCode();
            };
        calls.add(pool.submit(call));
      }
      start.countDown();
      for (Future<Integer> call : calls) {
        assertThat(call.get()).isIn(200, 201);
      }
    } finally {
      pool.shutdownNow();
    }

    JsonPath pipelines = get(token, PIPELINES).statusCode(200).extract().jsonPath();
    assertThat(pipelines.getInt("total")).isEqualTo(1);
    long defaultId = pipelines.getLong("items[0].id");
    assertThat(get(token, DEALS).extract().jsonPath().getList("items.pipeline_id", Long.class))
        .hasSize(callers / 2)
        .containsOnly(defaultId);
  }

  @Test
  void shouldCreateGetRenameAndDeleteAPipeline() {
    String token = token(newCompany());
    JsonPath created = customPipeline(token, "Renovations");
    long id = created.getLong("id");

    assertThat(created.getBoolean("is_default")).isFalse();
    assertThat(created.getList("stages.name")).containsExactly("Open A", "Open B", "Won", "Lost");
    assertThat(created.getList("stages.kind")).containsExactly("open", "open", "won", "lost");
    get(token, PIPELINES + "/" + id).statusCode(200).body("name", equalTo("Renovations"));
    get(token, PIPELINES)
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items[0].is_default", equalTo(true));

    patch(token, PIPELINES + "/" + id, "{\"name\":\"Residential\"}")
        .statusCode(200)
        .body("name", equalTo("Residential"))
        .body("stages", hasSize(4));
    delete(token, PIPELINES + "/" + id).statusCode(204);
    get(token, PIPELINES + "/" + id).statusCode(404);
  }

  @Test
  void shouldAddRenameReorderAndRemoveStagesInOnePatch() {
    String token = token(newCompany());
    JsonPath pipeline = customPipeline(token, "Jobs");
    long id = pipeline.getLong("id");
    long a = stageId(pipeline, "Open A");
    long b = stageId(pipeline, "Open B");
    long won = stageId(pipeline, "Won");
    long lost = stageId(pipeline, "Lost");

    patch(
            token,
            PIPELINES + "/" + id,
            "{\"stages\":[{\"id\":"
                + b
                + ",\"name\":\"Quoted\",\"probability\":70},"
                + "{\"name\":\"Visit\",\"probability\":5},"
                + "{\"id\":"
                + lost
                + "},{\"id\":"
                + won
                + "}]}")
        .statusCode(200)
        .body("stages.name", contains("Quoted", "Visit", "Lost", "Won"))
        .body("stages.id[0]", equalTo((int) b))
        .body("stages.id[2]", equalTo((int) lost))
        .body("stages.probability", contains(70, 5, 0, 100))
        .body("stages.kind", contains("open", "open", "lost", "won"))
        .body("stages.position", contains(0, 1, 2, 3));
    // Open A was left out, so it is gone.
    JsonPath after = get(token, PIPELINES + "/" + id).statusCode(200).extract().jsonPath();
    assertThat(after.getList("stages.id", Long.class)).doesNotContain(a);
    assertThat(after.getList("stages.name")).containsExactly("Quoted", "Visit", "Lost", "Won");
  }

  @Test
  void shouldSwapStageNamesInOnePatch() {
    String token = token(newCompany());
    JsonPath pipeline = customPipeline(token, "Swap");
    long a = stageId(pipeline, "Open A");
    long b = stageId(pipeline, "Open B");

    patch(
            token,
            PIPELINES + "/" + pipeline.getLong("id"),
            "{\"stages\":[{\"id\":"
                + a
                + ",\"name\":\"Open B\"},{\"id\":"
                + b
                + ",\"name\":\"Open A\"},{\"id\":"
                + stageId(pipeline, "Won")
                + "},{\"id\":"
                + stageId(pipeline, "Lost")
                + "}]}")
        .statusCode(200)
        .body("stages.name", contains("Open B", "Open A", "Won", "Lost"));
  }

  @Test
  void shouldRejectInvalidStageLists() {
    String token = token(newCompany());
    JsonPath pipeline = customPipeline(token, "Rules");
    long id = pipeline.getLong("id");
    long won = stageId(pipeline, "Won");
    long lost = stageId(pipeline, "Lost");
    long foreign = stageId(defaultPipeline(token), "New");

    expect422(
        post(
            token,
            PIPELINES,
            "{\"name\":\"No won\",\"stages\":[{\"name\":\"A\",\"probability\":1},"
                + "{\"name\":\"L\",\"probability\":0,\"kind\":\"lost\"}]}"),
        "stages",
        "won_stage_required");
    expect422(
        post(
            token,
            PIPELINES,
            "{\"name\":\"No lost\",\"stages\":[{\"name\":\"A\",\"probability\":1},"
                + "{\"name\":\"W\",\"probability\":100,\"kind\":\"won\"}]}"),
        "stages",
        "lost_stage_required");
    expect422(
        post(
            token,
            PIPELINES,
            "{\"name\":\"Dupes\",\"stages\":[{\"name\":\"Same\",\"probability\":1},"
                + "{\"name\":\"SAME\",\"probability\":2},"
                + "{\"name\":\"W\",\"probability\":100,\"kind\":\"won\"},"
                + "{\"name\":\"L\",\"probability\":0,\"kind\":\"lost\"}]}"),
        "stages[1].name",
        "duplicate_name");
    expect422(
        post(
            token,
            PIPELINES,
            "{\"name\":\"Bad\",\"stages\":[{\"name\":\"A\",\"probability\":101},"
                + "{\"name\":\"W\",\"probability\":100,\"kind\":\"won\"},"
                + "{\"name\":\"L\",\"probability\":0,\"kind\":\"maybe\"}]}"),
        "stages[0].probability",
        "too_large");
    expect422(
        post(
            token,
            PIPELINES,
            "{\"name\":\"Bad\",\"stages\":[{\"name\":\"A\"},"
                + "{\"name\":\"W\",\"probability\":100,\"kind\":\"won\"},"
                + "{\"name\":\"L\",\"probability\":0,\"kind\":\"lost\"}]}"),
        "stages[0].probability",
        "required");
    expect422(post(token, PIPELINES, "{\"stages\":[]}"), "name", "required");
    expect422(
        patch(
            token,
            PIPELINES + "/" + id,
            "{\"stages\":[{\"id\":" + foreign + "},{\"id\":" + won + "},{\"id\":" + lost + "}]}"),
        "stages[0].id",
        "unknown_stage");
    expect422(
        patch(
            token,
            PIPELINES + "/" + id,
            "{\"stages\":[{\"id\":" + won + "},{\"id\":" + won + "},{\"id\":" + lost + "}]}"),
        "stages[1].id",
        "duplicate_stage");
    expect422(
        patch(
            token,
            PIPELINES + "/" + id,
            "{\"stages\":[{\"id\":" + won + ",\"kind\":\"open\"},{\"id\":" + lost + "}]}"),
        "stages",
        "won_stage_required");
    // Nothing changed.
    get(token, PIPELINES + "/" + id)
        .body("stages.name", contains("Open A", "Open B", "Won", "Lost"));
  }

  @Test
  void shouldRefuseADuplicatePipelineName() {
    String token = token(newCompany());
    customPipeline(token, "Twice");

    post(
            token,
            PIPELINES,
            "{\"name\":\"twice\",\"stages\":[{\"name\":\"W\",\"probability\":100,"
                + "\"kind\":\"won\"},{\"name\":\"L\",\"probability\":0,\"kind\":\"lost\"}]}")
        .statusCode(409)
        .body("code", equalTo("conflict"));
    patch(token, PIPELINES + "/" + defaultPipeline(token).getLong("id"), "{\"name\":\"TWICE\"}")
        .statusCode(409);
  }

  @Test
  void shouldRefuseToDeleteAStageWithDealsUnlessTheyMove() {
    String token = token(newCompany());
    JsonPath pipeline = customPipeline(token, "Moves");
    long id = pipeline.getLong("id");
    long a = stageId(pipeline, "Open A");
    long b = stageId(pipeline, "Open B");
    long won = stageId(pipeline, "Won");
    long lost = stageId(pipeline, "Lost");
    long first = deal(token, "{\"title\":\"One\",\"amount\":100,\"pipeline_id\":" + id + "}");
    long second = deal(token, "{\"title\":\"Two\",\"amount\":200,\"pipeline_id\":" + id + "}");

    delete(token, PIPELINES + "/" + id + "/stages/" + a)
        .statusCode(409)
        .body("code", equalTo("conflict"));
    // Leaving it out of a PATCH is a deletion too, as is changing the kind of a stage with deals.
    patch(
            token,
            PIPELINES + "/" + id,
            "{\"stages\":[{\"id\":" + b + "},{\"id\":" + won + "},{\"id\":" + lost + "}]}")
        .statusCode(409);
    patch(
            token,
            PIPELINES + "/" + id,
            "{\"stages\":[{\"id\":"
                + a
                + ",\"kind\":\"won\"},{\"id\":"
                + b
                + "},{\"id\":"
                + won
                + "},{\"id\":"
                + lost
                + "}]}")
        .statusCode(409);
    delete(token, PIPELINES + "/" + id + "/stages/" + a + "?move_deals_to=999")
        .statusCode(422)
        .body("details[0].field", equalTo("move_deals_to"));
    delete(token, PIPELINES + "/" + id + "/stages/" + a + "?move_deals_to=" + a).statusCode(422);

    delete(token, PIPELINES + "/" + id + "/stages/" + a + "?move_deals_to=won")
        .statusCode(200)
        .body("stages.name", contains("Open B", "Won", "Lost"))
        .body("stages.position", contains(0, 1, 2));
    for (long deal : List.of(first, second)) {
      get(token, DEALS + "/" + deal)
          .statusCode(200)
          .body("stage", equalTo("Won"))
          .body("status", equalTo("won"));
      get(token, DEALS + "/" + deal + "/history")
          .body("items.from_stage", contains(null, "Open A"))
          .body("items.to_stage", contains("Open A", "Won"));
    }
    // A stage without deals goes without more ado.
    delete(token, PIPELINES + "/" + id + "/stages/" + b).statusCode(200).body("stages", hasSize(2));
  }

  @Test
  void shouldKeepTheLastWonAndLostStage() {
    String token = token(newCompany());
    JsonPath pipeline = customPipeline(token, "Keep");

    delete(token, PIPELINES + "/" + pipeline.getLong("id") + "/stages/" + stageId(pipeline, "Won"))
        .statusCode(409);
    delete(token, PIPELINES + "/" + pipeline.getLong("id") + "/stages/" + stageId(pipeline, "Lost"))
        .statusCode(409);
  }

  @Test
  void shouldRefuseToDeleteAPipelineWithDealsOrTheDefaultOne() {
    String token = token(newCompany());
    JsonPath pipeline = customPipeline(token, "Busy");
    long id = pipeline.getLong("id");
    long dealId = deal(token, "{\"title\":\"Busy\",\"amount\":1,\"pipeline_id\":" + id + "}");

    delete(token, PIPELINES + "/" + id).statusCode(409).body("code", equalTo("conflict"));
    delete(token, PIPELINES + "/" + defaultPipeline(token).getLong("id"))
        .statusCode(409)
        .body("message", equalTo("The default pipeline cannot be deleted"));
    delete(token, DEALS + "/" + dealId).statusCode(204);
    delete(token, PIPELINES + "/" + id).statusCode(204);
  }

  @Test
  void shouldNotSeeAnotherCompanysOrModesPipelinesOnAnyEndpoint() {
    long company = newCompany();
    String token = token(company);
    JsonPath pipeline = customPipeline(token, "Private");
    long id = pipeline.getLong("id");
    long stage = stageId(pipeline, "Open A");

    for (String stranger : List.of(token(newCompany()), token(company, true))) {
      get(stranger, PIPELINES + "/" + id).statusCode(404).body("code", equalTo("not_found"));
      patch(stranger, PIPELINES + "/" + id, "{\"name\":\"Mine now\"}").statusCode(404);
      delete(stranger, PIPELINES + "/" + id).statusCode(404);
      delete(stranger, PIPELINES + "/" + id + "/stages/" + stage).statusCode(404);
      get(stranger, PIPELINES)
          .statusCode(200)
          .body("total", equalTo(1))
          .body("items[0].name", equalTo("Sales Pipeline"));
    }
    get(token, PIPELINES + "/" + id)
        .statusCode(200)
        .body("name", equalTo("Private"))
        .body("stages", hasSize(4));
    // A stage of another pipeline of the same company is not found under this one.
    delete(token, PIPELINES + "/" + id + "/stages/" + stageId(defaultPipeline(token), "New"))
        .statusCode(404);
  }

  @Test
  void shouldRequireTheDealScopesForPipelines() {
    long company = newCompany();
    String contactsOnly = scoped(company, false, "read:contacts", "write:contacts");
    String readOnly = scoped(company, false, "read:deals");

    get(contactsOnly, PIPELINES).statusCode(403).body("details[0].received", equalTo("read:deals"));
    get(readOnly, PIPELINES).statusCode(200);
    long id = defaultPipeline(readOnly).getLong("id");
    get(contactsOnly, PIPELINES + "/" + id).statusCode(403);
    post(
            readOnly,
            PIPELINES,
            "{\"name\":\"x\",\"stages\":[{\"name\":\"W\",\"probability\":100,"
                + "\"kind\":\"won\"},{\"name\":\"L\",\"probability\":0,\"kind\":\"lost\"}]}")
        .statusCode(403)
        .body("details[0].received", equalTo("write:deals"));
    patch(readOnly, PIPELINES + "/" + id, "{\"name\":\"x\"}").statusCode(403);
    delete(readOnly, PIPELINES + "/" + id).statusCode(403);
    delete(readOnly, PIPELINES + "/" + id + "/stages/1").statusCode(403);
  }

  private static void expect422(
      io.restassured.response.ValidatableResponse response, String field, String error) {
    response
        .statusCode(422)
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo(field))
        .body("details[0].error", equalTo(error));
  }
}
