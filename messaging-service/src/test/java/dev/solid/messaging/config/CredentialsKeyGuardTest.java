package dev.solid.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

class CredentialsKeyGuardTest {

  @Test
  void shouldRefuseToStartANormalLaunchWithTheShippedKeyWhateverTheProfile() {
    assertThatThrownBy(
            () -> CredentialsKeyGuard.verify(LaunchMode.NORMAL, CredentialsKeyGuard.SHIPPED_KEY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SOLID_MESSAGING_CREDENTIALS_KEY");
  }

  @Test
  void shouldStartANormalLaunchWithAnInstallationsOwnKey() {
    assertThatCode(
            () ->
                CredentialsKeyGuard.verify(
                    LaunchMode.NORMAL, "q83vEjR5nYbQ1l2PZ0Zb6dTq0o0m3s4m8rQ9vJ6a2kE="))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldKeepTheShippedKeyUsableInDevAndTests() {
    assertThatCode(
            () -> CredentialsKeyGuard.verify(LaunchMode.TEST, CredentialsKeyGuard.SHIPPED_KEY))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CredentialsKeyGuard.verify(LaunchMode.DEVELOPMENT, CredentialsKeyGuard.SHIPPED_KEY))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldWarnOnlyWhenARealLaunchKeepsTheDefaultCrmBaseUrl() {
    assertThat(CrmBaseUrlCheck.shouldWarn(LaunchMode.NORMAL, "http://127.0.0.1:8081/")).isTrue();
    assertThat(CrmBaseUrlCheck.shouldWarn(LaunchMode.NORMAL, "http://crm:8080")).isFalse();
    assertThat(CrmBaseUrlCheck.shouldWarn(LaunchMode.TEST, "http://127.0.0.1:8081")).isFalse();
  }
}
