package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.deploy.LocalPlatform;
import dev.solid.deploy.PlatformOptions;
import dev.solid.deploy.Service;
import dev.solid.infra.Ports;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Stacks of its own (not the shared one): restarts and clean shutdown. */
class PlatformLifecycleIT {

  @Test
  void shouldLeaveNoChildProcessAfterStop() {
    Set<Long> before = descendants();
    PlatformOptions options = SolidStack.testOptions("lifecycle-stop");
    LocalPlatform platform = LocalPlatform.start(options);
    List<Long> services = platform.servicePids();
    assertThat(services).hasSize(Service.values().length);
    assertThat(descendants()).containsAll(services);

    platform.close();

    Set<Long> leftBehind = descendants();
    leftBehind.removeAll(before);
    assertThat(leftBehind).as("processes left behind").isEmpty();
    for (Service service : Service.values()) {
      assertThat(Ports.isListening("127.0.0.1", options.port(service))).isFalse();
    }
    assertThat(Ports.isListening("127.0.0.1", options.postgres().port())).isFalse();
    assertThat(Ports.isListening("127.0.0.1", options.redis().port())).isFalse();
    assertThat(Ports.isListening("127.0.0.1", options.kafkaAddress().port())).isFalse();
  }

  @Test
  void shouldFindSameCompanyOnSecondStartWithSameDataDirectory() {
    PlatformOptions options = SolidStack.testOptions("lifecycle-restart");
    String firstKey;
    String contactId;
    try (LocalPlatform first = LocalPlatform.start(options)) {
      assertThat(first.seedFailure()).isEmpty();
      firstKey = first.apiKey();
      Api api = new Api(first.gatewayUrl());
      Api.Response created =
          api.post("/api/v1/crm/contacts").bearer(firstKey).json(Api.contact("Kept")).send();
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      contactId = created.json().path("id").asText();
    }

    try (LocalPlatform second = LocalPlatform.start(options.withFreshPorts())) {
      assertThat(second.seedFailure()).isEmpty();
      assertThat(second.apiKey()).isNotEqualTo(firstKey);
      Api api = new Api(second.gatewayUrl());
      Api.Response kept =
          api.get("/api/v1/crm/contacts/" + contactId).bearer(second.apiKey()).send();
      assertThat(kept.status()).as("contact from the first run: %s", kept).isEqualTo(200);
      // The previous local-demo key was revoked when the new one was made.
      assertThat(api.get("/api/v1/crm/contacts").bearer(firstKey).send().status()).isEqualTo(401);
    }
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }
}
