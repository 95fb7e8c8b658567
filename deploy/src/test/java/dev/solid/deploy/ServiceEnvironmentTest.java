package dev.solid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.deploy.PlatformOptions.HostPort;
import dev.solid.infra.InternalJwtKeys;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceEnvironmentTest {
  @TempDir Path data;

  private ServiceEnvironment environment(PlatformOptions options) {
    Infrastructure.Endpoints endpoints =
        new Infrastructure.Endpoints(
            "127.0.0.1",
            5432,
            "postgres",
            "pw",
            "solid",
            new HostPort("127.0.0.1", 6379),
            "127.0.0.1:9092");
    return new ServiceEnvironment(options, endpoints, InternalJwtKeys.ensure(data.resolve("keys")));
  }

  @Test
  void shouldGiveEveryServiceTheInfrastructureAndAShortKafkaSessionTimeout() {
    PlatformOptions options = PlatformOptions.forTests(Path.of("."), data, data.resolve("logs"));
    ServiceEnvironment environment = environment(options);
    for (Service service : Service.values()) {
      Map<String, String> env = environment.of(service);
      assertThat(env)
          .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/solid")
          .containsEntry("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379")
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
          .containsEntry("KAFKA_SESSION_TIMEOUT_MS", "10000")
          .containsEntry("SOLID_ENV", "local");
    }
  }

  @Test
  void shouldGiveTheGatewayTheSigningKeyAndEveryBackendsAddress() {
    PlatformOptions options = PlatformOptions.forTests(Path.of("."), data, data.resolve("logs"));
    Map<String, String> gateway = environment(options).of(Service.GATEWAY);

    assertThat(gateway).containsKey("SMALLRYE_JWT_SIGN_KEY_LOCATION");
    assertThat(gateway)
        .containsEntry(
            "SOLID_GATEWAY_SERVICES_CRM", "http://127.0.0.1:" + options.port(Service.CRM));
    assertThat(environment(options).of(Service.CRM))
        .doesNotContainKey("SMALLRYE_JWT_SIGN_KEY_LOCATION");
  }

  @Test
  void shouldLetLocalWebhooksReachLoopbackOnly() {
    PlatformOptions options = PlatformOptions.forTests(Path.of("."), data, data.resolve("logs"));

    assertThat(environment(options).of(Service.WEBHOOKS))
        .containsEntry("SOLID_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.0/8,::1/128");
  }

  @Test
  void shouldPointTheMcpToolsAtTheGateway() {
    PlatformOptions options = PlatformOptions.forTests(Path.of("."), data, data.resolve("logs"));

    assertThat(environment(options).of(Service.MCP))
        .containsEntry(
            "SOLID_MCP_GATEWAY_URL", "http://127.0.0.1:" + options.port(Service.GATEWAY));
  }
}
