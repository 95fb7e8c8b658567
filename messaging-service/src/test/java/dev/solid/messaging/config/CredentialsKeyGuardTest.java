package dev.solid.messaging.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsKeyGuardTest {

  @Test
  void shouldRefuseToStartInProdWithTheShippedKey() {
    assertThatThrownBy(
            () -> CredentialsKeyGuard.verify(List.of("prod"), CredentialsKeyGuard.SHIPPED_KEY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SOLID_MESSAGING_CREDENTIALS_KEY");
  }

  @Test
  void shouldStartInProdWithAnInstallationsOwnKey() {
    assertThatCode(
            () ->
                CredentialsKeyGuard.verify(
                    List.of("prod"), "q83vEjR5nYbQ1l2PZ0Zb6dTq0o0m3s4m8rQ9vJ6a2kE="))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldKeepTheShippedKeyUsableInDevAndTests() {
    assertThatCode(
            () -> CredentialsKeyGuard.verify(List.of("test"), CredentialsKeyGuard.SHIPPED_KEY))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> CredentialsKeyGuard.verify(List.of("dev"), CredentialsKeyGuard.SHIPPED_KEY))
        .doesNotThrowAnyException();
  }
}
