package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The total upstream deadline of a buffered (idempotent) request, made short here. */
@QuarkusTest
@TestProfile(UpstreamDeadlineTest.ShortDeadline.class)
class UpstreamDeadlineTest {

  public static class ShortDeadline implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("solid.gateway.upstream-deadline", "2s");
    }
  }

  @Test
  void shouldAnswer504AndResetAnUpstreamThatTricklesItsBodyPastTheDeadline() throws Exception {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/" + UUID.randomUUID() + "/trickle";

    Response response =
        as(key)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .contentType(ContentType.JSON)
            .body("{}")
            .post(path);

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo("gateway_timeout");
    // The upstream was told: its 20 s answer broke off rather than being read to the end.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(EchoUpstream.ABANDONED).contains(path));
  }
}
