package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SolidStack.class)
class IdempotencyIT {
  private static final String CONTACTS = "/api/v1/crm/contacts";

  @Test
  void shouldReplayFirstResponseForSameIdempotencyKey(Api api) {
    Api.Company company = api.newCompany();
    Map<String, Object> body = Api.contact("Once Only");
    String key = UUID.randomUUID().toString();

    Api.Response first =
        api.post(CONTACTS)
            .bearer(company.testKey())
            .header("Idempotency-Key", key)
            .json(body)
            .send();
    assertThat(first.status()).as("%s", first).isEqualTo(201);
    Api.Response replay =
        api.post(CONTACTS)
            .bearer(company.testKey())
            .header("Idempotency-Key", key)
            .json(body)
            .send();

    assertThat(replay.status()).isEqualTo(first.status());
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.header("Idempotent-Replayed")).hasValue("true");
    assertThat(first.header("Idempotent-Replayed")).isEmpty();
    assertThat(countByEmail(api, company, (String) body.get("email"))).isEqualTo(1);
  }

  @Test
  void shouldRejectSameIdempotencyKeyWithDifferentBody(Api api) {
    Api.Company company = api.newCompany();
    String key = UUID.randomUUID().toString();
    Api.Response first =
        api.post(CONTACTS)
            .bearer(company.testKey())
            .header("Idempotency-Key", key)
            .json(Api.contact("First"))
            .send();
    assertThat(first.status()).as("%s", first).isEqualTo(201);
    assertProblem(
        api.post(CONTACTS)
            .bearer(company.testKey())
            .header("Idempotency-Key", key)
            .json(Api.contact("Second"))
            .send(),
        409,
        "conflict");
  }

  @Test
  void shouldRunConcurrentRequestsWithOneIdempotencyKeyOnlyOnce(Api api) {
    Api.Company company = api.newCompany();
    Map<String, Object> body = Api.contact("Concurrent");
    String key = UUID.randomUUID().toString();
    List<CompletableFuture<Api.Response>> inFlight = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inFlight.add(
          api.post(CONTACTS)
              .bearer(company.testKey())
              .header("Idempotency-Key", key)
              .json(body)
              .sendAsync());
    }
    List<Api.Response> responses = inFlight.stream().map(CompletableFuture::join).toList();

    List<Api.Response> executed =
        responses.stream()
            .filter(r -> r.status() == 201 && r.header("Idempotent-Replayed").isEmpty())
            .toList();
    assertThat(executed).as("responses that ran the operation: %s", responses).hasSize(1);
    String firstBody = executed.get(0).body();
    for (Api.Response response : responses) {
      if (response.status() == 409) {
        assertProblem(response, 409, "idempotency_key_in_use");
      } else {
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(response.body()).isEqualTo(firstBody);
      }
    }
    assertThat(countByEmail(api, company, (String) body.get("email"))).isEqualTo(1);
  }

  private static int countByEmail(Api api, Api.Company company, String email) {
    Api.Response list =
        api.get(CONTACTS + "?search=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
            .bearer(company.testKey())
            .send();
    assertThat(list.status()).as("%s", list).isEqualTo(200);
    return list.json().path("total").asInt();
  }
}
