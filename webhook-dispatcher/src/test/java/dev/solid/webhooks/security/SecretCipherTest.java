package dev.solid.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.webhooks.config.WebhooksConfig;
import io.quarkus.runtime.LaunchMode;
import java.lang.reflect.Proxy;
import java.util.Arrays;
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

  @Test
  void shouldThrowUnreadableSecretForEveryStoredValueThatDoesNotDecrypt() {
    SecretCipher cipher = cipher(WebhooksConfig.DEV_ENCRYPTION_KEY);
    byte[] sealed = cipher.encrypt("a-webhook-signing-secret", 7);
    assertThat(cipher.decrypt(sealed, 7)).isEqualTo("a-webhook-signing-secret");
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;
    byte[] otherKey =
        cipher("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            .encrypt("a-webhook-signing-secret", 7);
    for (byte[] unreadable :
        new byte[][] {
          null,
          new byte[0],
          new byte[5],
          new byte[11],
          new byte[12],
          Arrays.copyOf(sealed, 20),
          tampered,
          otherKey
        }) {
      assertThatThrownBy(() -> cipher.decrypt(unreadable, 7))
          .as("%s bytes", unreadable == null ? "null" : unreadable.length)
          .isInstanceOf(SecretCipher.UnreadableSecretException.class);
    }
    assertThatThrownBy(() -> cipher.decrypt(sealed, 8))
        .as("sealed for another company")
        .isInstanceOf(SecretCipher.UnreadableSecretException.class);
  }

  /** A cipher with only the key configured (the one property its constructor reads). */
  private static SecretCipher cipher(String base64Key) {
    WebhooksConfig config =
        (WebhooksConfig)
            Proxy.newProxyInstance(
                WebhooksConfig.class.getClassLoader(),
                new Class<?>[] {WebhooksConfig.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("secretEncryptionKey")) {
                    return base64Key;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new SecretCipher(config);
  }
}
