package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SolidStack.class)
class RateLimitIT {
  private static final int LIMIT = 5;

  @Test
  void shouldAdmitExactlyTheKeysLimitUnderConcurrency(Api api) throws InterruptedException {
    Api.Company company = api.newCompany();
    String key =
        api.createKey(company.ownerToken(), "limited", Api.ALL_SCOPES, "test", LIMIT)
            .path("key")
            .asText();
    awayFromMinuteBoundary();

    List<CompletableFuture<Api.Response>> inFlight = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      inFlight.add(api.get("/api/v1/crm/contacts").bearer(key).sendAsync());
    }
    List<Api.Response> responses = inFlight.stream().map(CompletableFuture::join).toList();

    List<Api.Response> admitted = responses.stream().filter(r -> r.status() != 429).toList();
    List<Api.Response> limited = responses.stream().filter(r -> r.status() == 429).toList();
    assertThat(admitted).as("%s", responses).hasSize(LIMIT);
    assertThat(limited).hasSize(15 - LIMIT);

    for (Api.Response response : responses) {
      assertThat(response.header("X-RateLimit-Limit")).hasValue(Integer.toString(LIMIT));
      assertThat(Integer.parseInt(response.header("X-RateLimit-Reset").orElseThrow()))
          .isBetween(0, 60);
      assertThat(Integer.parseInt(response.header("X-RateLimit-Remaining").orElseThrow()))
          .isBetween(0, LIMIT - 1);
    }
    // Each admitted request took one unit of the budget, so they saw 4, 3, 2, 1, 0 left.
    assertThat(admitted.stream().map(r -> r.header("X-RateLimit-Remaining").orElseThrow()))
        .containsExactlyInAnyOrder("0", "1", "2", "3", "4");
    for (Api.Response response : limited) {
      assertProblem(response, 429, "rate_limit_exceeded");
      assertThat(response.header("X-RateLimit-Remaining")).hasValue("0");
      assertThat(Integer.parseInt(response.header("Retry-After").orElseThrow())).isBetween(1, 60);
    }
  }

  /** A window aligned to the clock minute must not roll over in the middle of the burst. */
  private static void awayFromMinuteBoundary() throws InterruptedException {
    int second = LocalTime.now().getSecond();
    if (second >= 55) {
      Thread.sleep((61 - second) * 1000L);
    }
  }
}
