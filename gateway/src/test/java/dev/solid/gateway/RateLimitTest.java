package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RateLimitTest {

  @Test
  void shouldLetExactlyTheLimitThroughOfThreeTimesAsManyConcurrentRequests() throws Exception {
    int limit = 5;
    Api.Company company = Api.signup("enterprise");
    String key = Api.createKey(company, "test", limit, "read:contacts");
    List<Response> responses = concurrently(3 * limit, () -> as(key).get("/api/v1/crm/contacts"));

    List<Response> passed = responses.stream().filter(r -> r.statusCode() == 200).toList();
    List<Response> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(passed).hasSize(limit);
    assertThat(limited).hasSize(2 * limit);
    for (Response r : responses) {
      assertThat(r.header("X-RateLimit-Limit")).isEqualTo("5");
      assertThat(Integer.parseInt(r.header("X-RateLimit-Reset"))).isBetween(1, 60);
      assertThat(r.header("X-Request-Id")).startsWith("req_");
    }
    assertThat(passed.stream().map(r -> r.header("X-RateLimit-Remaining")).sorted().toList())
        .containsExactly("0", "1", "2", "3", "4");
    for (Response r : limited) {
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 60);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.jsonPath().getString("code")).isEqualTo("rate_limit_exceeded");
    }
  }

  @Test
  void shouldUseThePlanLimitWhenTheKeyHasNoOverride() {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "live", null, "read:contacts");
    Response response = as(key).get("/api/v1/crm/contacts");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("X-RateLimit-Limit")).isEqualTo("120");
    assertThat(response.header("X-RateLimit-Remaining")).isEqualTo("119");
  }

  @Test
  void shouldCountEachKeyOnItsOwn() {
    Api.Company company = Api.signup("starter");
    String first = Api.createKey(company, "test", 1, "read:contacts");
    String second = Api.createKey(company, "test", 1, "read:contacts");
    assertThat(as(first).get("/api/v1/crm/contacts").statusCode()).isEqualTo(200);
    assertThat(as(first).get("/api/v1/crm/contacts").statusCode()).isEqualTo(429);
    assertThat(as(second).get("/api/v1/crm/contacts").statusCode()).isEqualTo(200);
  }

  static List<Response> concurrently(int n, Callable<Response> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(call));
      }
      List<Response> responses = new ArrayList<>();
      for (Future<Response> f : futures) {
        responses.add(f.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
