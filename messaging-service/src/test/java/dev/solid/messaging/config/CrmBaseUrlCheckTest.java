package dev.solid.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

class CrmBaseUrlCheckTest {

  @Test
  void shouldWarnOnlyWhenARealLaunchKeepsTheDefaultCrmBaseUrl() {
    assertThat(CrmBaseUrlCheck.shouldWarn(LaunchMode.NORMAL, "http://127.0.0.1:8081/")).isTrue();
    assertThat(CrmBaseUrlCheck.shouldWarn(LaunchMode.NORMAL, "http://crm:8080")).isFalse();
    assertThat(CrmBaseUrlCheck.shouldWarn(LaunchMode.TEST, "http://127.0.0.1:8081")).isFalse();
  }
}
