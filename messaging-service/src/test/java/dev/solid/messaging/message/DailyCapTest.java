package dev.solid.messaging.message;

import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
class DailyCapTest {

  @Test
  void shouldAcceptExactlyTheDailyCapOutOfOneHundredConcurrentSends() throws Exception {
    String token = key(newCompany(), false);
    long account = telegramAccount(token, null); // default cap: 50
    String body = "{\"account_id\":" + account + ",\"to\":\"@sarah_miller\",\"text\":\"hi\"}";
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ExtractableResponse<Response>>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return post(token, "/api/v1/messages/send", body).extract();
                }));
      }
      start.countDown();
      int accepted = 0;
      int limited = 0;
      for (Future<ExtractableResponse<Response>> call : calls) {
        ExtractableResponse<Response> response = call.get();
        if (response.statusCode() == 200) {
          accepted++;
        } else {
          assertThat(response.statusCode()).isEqualTo(429);
          assertThat(response.contentType()).startsWith("application/problem+json");
          assertThat(response.jsonPath().getString("code"))
              .isEqualTo("account_daily_limit_reached");
          assertThat(response.jsonPath().getString("message")).contains("resets at");
          assertThat(response.jsonPath().getString("details[0].field")).isEqualTo("resets_at");
          limited++;
        }
      }
      assertThat(accepted).isEqualTo(50);
      assertThat(limited).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldApplyALoweredCapFromPatch() {
    String token = key(newCompany(), false);
    long account = telegramAccount(token, null);
    post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@a_person\",\"text\":\"1\"}")
        .statusCode(200);
    dev.solid.messaging.support.MessagingApi.as(token)
        .contentType("application/json")
        .body("{\"daily_cap\":2}")
        .patch("/api/v1/messaging/accounts/" + account)
        .then()
        .statusCode(200)
        .body("daily_cap", org.hamcrest.Matchers.equalTo(2))
        .body("sender", org.hamcrest.Matchers.equalTo("solid_bot"));
    post(
            token,
            "/api/v1/messages/send",
            "{\"account_id\":" + account + ",\"to\":\"@a_person\",\"text\":\"2\"}")
        .statusCode(200);
    ExtractableResponse<Response> limited =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":" + account + ",\"to\":\"@a_person\",\"text\":\"3\"}")
            .statusCode(429)
            .extract();
    assertThat(limited.jsonPath().getString("code")).isEqualTo("account_daily_limit_reached");
    Instant resetsAt = Instant.parse(limited.jsonPath().getString("resets_at"));
    Instant nextMidnight =
        LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    // The test may straddle midnight UTC: then it is the following one.
    assertThat(resetsAt).isIn(nextMidnight, nextMidnight.plus(Duration.ofDays(1)));
    assertThat(limited.jsonPath().getString("details[0].received")).isEqualTo(resetsAt.toString());
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, Duration.ofDays(1).toSeconds());
    assertThat(Instant.now().plusSeconds(retryAfter))
        .isCloseTo(
            resetsAt,
            org.assertj.core.api.Assertions.within(60, java.time.temporal.ChronoUnit.SECONDS));
  }
}
