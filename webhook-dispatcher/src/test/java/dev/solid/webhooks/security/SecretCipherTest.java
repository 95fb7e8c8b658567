package dev.solid.webhooks.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  @Test
  void shouldRefuseToStartInProdWithThePublishedDevKey() {
    assertThatThrownBy(() -> SecretCipher.requireRealKeyInProd(true, LaunchMode.NORMAL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SOLID_WEBHOOKS_SECRET_ENCRYPTION_KEY");
  }

  @Test
  void shouldStartInProdWithAnotherKeyAndInDevOrTestWithTheDevKey() {
    assertThatCode(() -> SecretCipher.requireRealKeyInProd(false, LaunchMode.NORMAL))
        .doesNotThrowAnyException();
    assertThatCode(() -> SecretCipher.requireRealKeyInProd(true, LaunchMode.TEST))
        .doesNotThrowAnyException();
    assertThatCode(() -> SecretCipher.requireRealKeyInProd(true, LaunchMode.DEVELOPMENT))
        .doesNotThrowAnyException();
  }
}
