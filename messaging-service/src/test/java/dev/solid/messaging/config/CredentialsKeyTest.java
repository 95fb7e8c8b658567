package dev.solid.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.kit.crypto.TenantCipher;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The credentials key is a {@code %dev,test} default of application.properties and nothing else:
 * the service's own configuration read as each profile sees it (no environment, no kit defaults).
 */
class CredentialsKeyTest {
  private static final String KEY = "solid.messaging.credentials-key";

  private static SmallRyeConfig config(String profile, Map<String, String> overrides)
      throws IOException {
    URL properties =
        CredentialsKeyTest.class.getClassLoader().getResource("application.properties");
    return new SmallRyeConfigBuilder()
        .withProfile(profile)
        .withSources(new PropertiesConfigSource(properties, 250))
        .withSources(new PropertiesConfigSource(overrides, "overrides", 300))
        .withConverter(Duration.class, 100, new DurationConverter())
        .withMapping(MessagingConfig.class)
        .build();
  }

  @Test
  void shouldRefuseToStartInProductionWithoutACredentialsKey() {
    assertThatThrownBy(() -> config("prod", Map.of()))
        .hasMessageContaining(KEY.substring("solid.messaging.".length()));
  }

  @Test
  void shouldStartInProductionWithTheInstallationsOwnKey() throws IOException {
    String own = "q83vEjR5nYbQ1l2PZ0Zb6dTq0o0m3s4m8rQ9vJ6a2kE=";
    SmallRyeConfig prod = config("prod", Map.of(KEY, own));
    assertThat(prod.getConfigMapping(MessagingConfig.class).credentialsKey()).isEqualTo(own);
    // The crm client takes the service's own settings, defaults included.
    assertThat(prod.getValue("quarkus.rest-client.crm.url", String.class))
        .isEqualTo("http://127.0.0.1:8081");
    assertThat(
            prod.getValue(
                "quarkus.fault-tolerance.\"dev.solid.messaging.contact.CrmClient/byId\".timeout.value",
                Long.class))
        .isEqualTo(3000L);
  }

  @Test
  void shouldGiveDevAndTestsTheDevelopmentKeyWithoutSetup() throws IOException {
    for (String profile : new String[] {"dev", "test"}) {
      String key =
          config(profile, Map.of()).getConfigMapping(MessagingConfig.class).credentialsKey();
      assertThatCode(() -> TenantCipher.fromBase64(key, "solid-provider-credentials", KEY))
          .as(profile)
          .doesNotThrowAnyException();
    }
  }
}
