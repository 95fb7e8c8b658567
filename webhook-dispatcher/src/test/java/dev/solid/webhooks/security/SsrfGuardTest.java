package dev.solid.webhooks.security;

import static dev.solid.webhooks.Support.manager;
import static dev.solid.webhooks.Support.newCompany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.kit.crypto.TenantCipher;
import dev.solid.webhooks.Receiver;
import dev.solid.webhooks.Support;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSRF guard with its production setting: private networks not allowed. */
@QuarkusTest
@TestProfile(SsrfGuardTest.GuardOn.class)
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
class SsrfGuardTest {
  @Inject TenantCipher cipher;

  public static class GuardOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("solid.webhooks.allow-private-networks", "false");
    }
  }

  @Test
  void shouldRefuseInternalTargetsAtRegistration() {
    for (String url :
        List.of(
            "http://127.0.0.1/hooks",
            "http://10.0.0.1/hooks",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:8080/hooks",
            "http://localhost:8084/hooks",
            "https://[::ffff:127.0.0.1]/hooks",
            "http://100.64.1.1/hooks",
            "http://192.168.0.10/")) {
      manager(newCompany())
          .body(Map.of("url", url, "events", List.of("*")))
          .post("/api/v1/webhooks")
          .then()
          .statusCode(422)
          .body("code", is("validation_error"))
          .body("details[0].field", is("url"))
          .body("details[0].error", is("forbidden_address"));
    }
  }

  @Test
  void shouldRefuseInternalTargetsWhenAUrlIsPatched() {
    long company = newCompany();
    long id =
        ((Number)
                Support.createEndpoint(company, "http://93.184.216.34/hooks", List.of("*"))
                    .get("id"))
            .longValue();
    for (String url :
        List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/hooks",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://192.0.2.10/hooks")) {
      manager(company)
          .body(Map.of("url", url))
          .patch("/api/v1/webhooks/" + id)
          .then()
          .statusCode(422)
          .body("details[0].field", is("url"))
          .body("details[0].error", is("forbidden_address"));
    }
    manager(company)
        .get("/api/v1/webhooks/" + id)
        .then()
        .body("url", is("http://93.184.216.34/hooks"));
  }

  @Test
  void shouldRefuseAtSendTimeWhenTheTargetTurnsInternal() throws Exception {
    long company = newCompany();
    try (Receiver receiver = Receiver.ok()) {
      // Registered while it pointed elsewhere; now (e.g. after a DNS change) it is loopback.
      long endpoint =
          Support.insertEndpoint(
              company,
              receiver.url(),
              cipher.seal(
                  "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTA=".getBytes(StandardCharsets.UTF_8),
                  company));
      long delivery = Support.sendTest(company, endpoint);
      await("an attempt is logged")
          .atMost(Duration.ofSeconds(20))
          .until(() -> detail(company, endpoint, delivery).getInt("attempt_count") >= 1);
      JsonPath detail = detail(company, endpoint, delivery);
      assertThat(detail.getString("attempts[0].error")).startsWith("forbidden_address");
      assertThat(detail.getString("attempts[0].response_status")).isNull();
      assertThat(receiver.received()).isEmpty();
    }
  }

  private static JsonPath detail(long company, long endpoint, long delivery) {
    return manager(company)
        .get("/api/v1/webhooks/" + endpoint + "/deliveries/" + delivery)
        .then()
        .statusCode(200)
        .body("event", startsWith("webhook."))
        .extract()
        .jsonPath();
  }
}
