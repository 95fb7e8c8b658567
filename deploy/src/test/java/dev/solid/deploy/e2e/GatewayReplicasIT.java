package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.deploy.LocalPlatform;
import dev.solid.infra.Ports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two gateway processes sharing one Redis and one PostgreSQL, requests split between them: the rate
 * limit and idempotency hold across replicas, not per process.
 */
@ExtendWith(SolidStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayReplicasIT {
  private static final int LIMIT = 5;
  private LocalPlatform.ServiceReplica replica;
  private Api second;

  @BeforeAll
  void startSecondGateway(LocalPlatform platform) {
    replica = platform.startGatewayReplica(Ports.free());
    second = new Api(replica.url());
  }

  @AfterAll
  void stopSecondGateway() {
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void shouldAdmitExactlyTheLimitAcrossBothReplicas(Api first) {
    Api.Company company = first.newCompany();
    String key =
        first
            .createKey(company.ownerToken(), "split", Api.ALL_SCOPES, "test", LIMIT)
            .path("key")
            .asText();

    List<CompletableFuture<Api.Response>> inFlight = new ArrayList<>();
    for (int i = 0; i < 3 * LIMIT; i++) {
      Api gateway = i % 2 == 0 ? first : second;
      inFlight.add(gateway.get("/api/v1/crm/contacts").bearer(key).sendAsync());
    }
    List<Api.Response> responses = inFlight.stream().map(CompletableFuture::join).toList();

    assertThat(responses.stream().filter(r -> r.status() == 200))
        .as("%s", responses)
        .hasSize(LIMIT);
    assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(2 * LIMIT);
  }

  @Test
  void shouldRunAnIdempotentRequestOnceAcrossBothReplicas(Api first) {
    Api.Company company = first.newCompany();
    String idem = UUID.randomUUID().toString();
    String email = "replica-" + UUID.randomUUID() + "@example.com";
    Map<String, Object> body = Map.of("name", "Replica", "email", email);

    List<CompletableFuture<Api.Response>> inFlight = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Api gateway = i % 2 == 0 ? first : second;
      inFlight.add(
          gateway
              .post("/api/v1/crm/contacts")
              .bearer(company.testKey())
              .header("Idempotency-Key", idem)
              .json(body)
              .sendAsync());
    }
    List<Api.Response> responses = inFlight.stream().map(CompletableFuture::join).toList();
    // And once more on each, after all finished: both replay the stored answer.
    responses = new ArrayList<>(responses);
    for (Api gateway : List.of(first, second)) {
      responses.add(
          gateway
              .post("/api/v1/crm/contacts")
              .bearer(company.testKey())
              .header("Idempotency-Key", idem)
              .json(body)
              .send());
    }

    List<Api.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
    assertThat(created).as("%s", responses).isNotEmpty();
    for (Api.Response response : responses) {
      if (response.status() == 409) {
        assertThat(response.json().path("code").asText()).isEqualTo("idempotency_key_in_use");
      } else {
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(response.body()).isEqualTo(created.get(0).body());
      }
    }
    assertThat(created.stream().filter(r -> r.header("Idempotent-Replayed").isEmpty())).hasSize(1);
    Api.Response list =
        first.get("/api/v1/crm/contacts?search=" + email).bearer(company.testKey()).send();
    assertThat(list.json().path("total").asInt()).as("%s", list).isEqualTo(1);
  }
}
