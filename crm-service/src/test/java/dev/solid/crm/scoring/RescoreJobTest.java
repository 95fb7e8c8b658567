package dev.solid.crm.scoring;

import static dev.solid.crm.scoring.ScoringApi.CONTACTS;
import static dev.solid.crm.scoring.ScoringApi.JOBS;
import static dev.solid.crm.scoring.ScoringApi.as;
import static dev.solid.crm.scoring.ScoringApi.newCompany;
import static dev.solid.crm.scoring.ScoringApi.putRules;
import static dev.solid.crm.scoring.ScoringApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rule change rescores every contact of the company in the background. The 10,000 contacts are
 * inserted with one SQL statement (the API would take minutes on this machine); like any contact
 * that has never been scored they start at 0 / cold.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class RescoreJobTest {
  @Inject Pool pool;

  @Test
  void shouldRescoreTenThousandContactsInTheBackgroundWithOneEventPerBandChange() throws Exception {
    long company = newCompany();
    String token = token(company, false);
    // 5,000 with an email (has_email 40: cold → warm, announced) and 5,000 with a phone only
    // (has_phone 3: a 3-point move, not announced).
    pool.preparedQuery(
            "INSERT INTO crm.contacts (company_id, livemode, email, phone, created_at, updated_at)"
                + " SELECT $1, false,"
                + " CASE WHEN g % 2 = 0 THEN 'c' || g || '@acme-co.io' END,"
                + " CASE WHEN g % 2 = 1 THEN '+1801' || (5000000 + g) END, now(), now()"
                + " FROM generate_series(1, 10000) g")
        .executeAndAwait(Tuple.of(company));
    // The other mode of the company keeps its scores.
    pool.preparedQuery(
            "INSERT INTO crm.contacts (company_id, livemode, email, created_at, updated_at)"
                + " VALUES ($1, true, 'live@acme-co.io', now(), now())")
        .executeAndAwait(Tuple.of(company));

    JsonPath put =
        putRules(
                token,
                "{\"rules\":[{\"type\":\"has_email\",\"points\":40},"
                    + "{\"type\":\"has_phone\",\"points\":3}]}")
            .statusCode(200)
            .extract()
            .jsonPath();
    long job = put.getLong("rescore_job.id");
    assertThat(put.getString("rescore_job.status")).isEqualTo("queued");
    assertThat(put.getInt("rescore_job.total")).isEqualTo(10_000);

    // The list keeps answering while the job runs: each round lists contacts, then reads the job.
    AtomicInteger answeredDuringJob = new AtomicInteger();
    Set<String> statuses = new HashSet<>();
    await("rescore job " + job)
        .atMost(Duration.ofSeconds(300))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              as(token).get(CONTACTS + "?limit=5&sort=-lead_score").then().statusCode(200);
              String status =
                  as(token).get(JOBS + job).then().statusCode(200).extract().path("status");
              statuses.add(status);
              if (!"completed".equals(status)) {
                answeredDuringJob.incrementAndGet();
              }
              return "completed".equals(status);
            });
    assertThat(answeredDuringJob.get()).as("list answers while the job ran").isPositive();

    as(token)
        .get(JOBS + job)
        .then()
        .statusCode(200)
        .body("processed", equalTo(10_000))
        .body("rescored", equalTo(10_000))
        .body("announced", equalTo(5000))
        .body("completed_at", org.hamcrest.Matchers.notNullValue());
    as(token).get(CONTACTS + "?min_score=40&limit=1").then().body("total", equalTo(5000));
    as(token).get(CONTACTS + "?min_score=3&limit=1").then().body("total", equalTo(10_000));
    as(token(company, true))
        .get(CONTACTS + "?min_score=1&limit=1")
        .then()
        .body("total", equalTo(0));

    List<JsonNode> scored = ScoringApi.leadScored(pool, company);
    assertThat(scored).hasSize(5000);
    assertThat(scored)
        .allSatisfy(
            event -> {
              assertThat(event.get("data").get("band").asText()).isEqualTo("warm");
              assertThat(event.get("data").get("previous_band").asText()).isEqualTo("cold");
              assertThat(event.get("livemode").asBoolean()).isFalse();
            });
    assertThat(scored.stream().map(e -> e.get("data").get("contact_id").asLong()).distinct())
        .hasSize(5000);
  }

  @Test
  void shouldSupersedeAnUnfinishedJobWhenTheRulesChangeAgain() {
    long company = newCompany();
    String token = token(company, false);
    long first =
        putRules(token, "{\"rules\":[{\"type\":\"has_email\",\"points\":10}]}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("rescore_job.id");
    long second =
        putRules(token, "{\"rules\":[{\"type\":\"has_email\",\"points\":20}]}")
            .statusCode(200)
            .body("version", equalTo(2))
            .extract()
            .jsonPath()
            .getLong("rescore_job.id");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> as(token).get(JOBS + second).then().extract().path("status"),
            "completed"::equals);
    String firstStatus = as(token).get(JOBS + first).then().extract().path("status");
    assertThat(firstStatus).isIn("superseded", "completed");
  }
}
