package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solid.deploy.LocalPlatform;
import dev.solid.deploy.Service;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SolidStack.class)
class LocalStackIT {

  @Test
  void shouldBringEveryServiceToReadiness(LocalPlatform platform) {
    for (Service service : Service.backends()) {
      Api api = new Api(URI.create("http://127.0.0.1:" + platform.options().port(service)));
      Api.Response ready = api.get("/q/health/ready").send();
      assertThat(ready.status()).as("%s readiness: %s", service.module(), ready).isEqualTo(200);
    }
    // The gateway's health is on its management interface (the launcher waited for it there);
    // its public port does not serve /q/*.
    Api gateway =
        new Api(URI.create("http://127.0.0.1:" + platform.options().port(Service.GATEWAY)));
    Api.Response publicHealth = gateway.get("/q/health/ready").send();
    assertThat(publicHealth.status())
        .as("gateway public /q/health: %s", publicHealth)
        .isEqualTo(404);
  }

  @Test
  void shouldCreateAndReadContactWithDemoKeyFromLocalEnv(LocalPlatform platform)
      throws IOException {
    assertThat(platform.seedFailure()).as("demo seed").isEmpty();
    Properties env = new Properties();
    try (Reader reader = Files.newBufferedReader(platform.options().localEnvFile())) {
      env.load(reader);
    }
    assertThat(env.stringPropertyNames())
        .containsExactlyInAnyOrder(
            "SOLID_API_URL",
            "SOLID_API_KEY",
            "SOLID_OWNER_EMAIL",
            "SOLID_OWNER_PASSWORD",
            "SOLID_TELEGRAM_ACCOUNT_ID",
            "SOLID_SMS_ACCOUNT_ID");
    assertThat(env.getProperty("SOLID_API_KEY")).startsWith("sk_solid_test_");
    Api api = new Api(URI.create(env.getProperty("SOLID_API_URL")));
    String key = env.getProperty("SOLID_API_KEY");

    Api.Response created =
        api.post("/api/v1/crm/contacts").bearer(key).json(Api.contact("Demo Contact")).send();
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonNode contact = created.json();
    assertThat(contact.path("livemode").asBoolean(true)).isFalse();

    Api.Response read =
        api.get("/api/v1/crm/contacts/" + contact.path("id").asText()).bearer(key).send();
    assertThat(read.status()).as("%s", read).isEqualTo(200);
    assertThat(read.json().path("email").asText()).isEqualTo(contact.path("email").asText());
    assertThat(read.header("X-Request-Id")).isPresent();

    Api.Response login =
        api.post("/api/v1/auth/login")
            .json(
                java.util.Map.of(
                    "email", env.getProperty("SOLID_OWNER_EMAIL"),
                    "password", env.getProperty("SOLID_OWNER_PASSWORD")))
            .send();
    assertThat(login.status()).as("%s", login).isEqualTo(200);
  }

  @Test
  void shouldServeMergedOpenApiAndDocs(Api api) {
    Api.Response openapi = api.get("/openapi.json").send();
    assertThat(openapi.status()).as("%s", openapi).isEqualTo(200);
    JsonNode paths = openapi.json().path("paths");
    assertThat(paths.has("/api/v1/crm/contacts")).isTrue();
    assertThat(paths.has("/api/v1/auth/keys")).isTrue();

    Api.Response docs = api.get("/docs/").send();
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("html"));
  }
}
