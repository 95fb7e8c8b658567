package dev.solid.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.kit.crypto.TenantCipher;
import dev.solid.webhooks.config.WebhooksConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Endpoint secrets at rest: the kit's cipher, the key's profiles, and secrets stored before. */
class SecretCipherTest {
  private static final String DEV_KEY = "ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQta2V5LTMyYiE=";

  /**
   * "your-chosen-signing-secret" for company 4242, sealed with the dev key by the service's own
   * SecretCipher before the kit existed (commit 763d7a8), as it sits in endpoints.secret_encrypted.
   */
  private static final String SEALED_BEFORE_THE_KIT =
      "kG0mQ5pr8jsTYevw2mRql4fWNeYo9zz/YrROMAv8+m3g8agrsl1gmc0HZOYD0Aiunh2ybhQ7";

  @Test
  void shouldDecryptASecretStoredBeforeTheServiceKit() {
    TenantCipher cipher = cipher(DEV_KEY);
    byte[] stored = Base64.getDecoder().decode(SEALED_BEFORE_THE_KIT);
    assertThat(open(cipher, stored, 4242)).isEqualTo("your-chosen-signing-secret");
    // And any value sealed the old way: nonce || AES-GCM(ciphertext+tag), AAD purpose:company.
    for (String secret : new String[] {"whsec_" + "A".repeat(44), "a-chosen-secret-ä-16+"}) {
      assertThat(open(cipher, sealTheOldWay(DEV_KEY, secret, 77), 77)).isEqualTo(secret);
    }
  }

  @Test
  void shouldThrowUnreadableSecretForEveryStoredValueThatDoesNotDecrypt() {
    TenantCipher cipher = cipher(DEV_KEY);
    byte[] sealed = cipher.seal("a-webhook-signing-secret".getBytes(StandardCharsets.UTF_8), 7);
    assertThat(open(cipher, sealed, 7)).isEqualTo("a-webhook-signing-secret");
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;
    byte[] otherKey =
        cipher("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            .seal("a-webhook-signing-secret".getBytes(StandardCharsets.UTF_8), 7);
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
      assertThatThrownBy(() -> cipher.open(unreadable, 7))
          .as("%s bytes", unreadable == null ? "null" : unreadable.length)
          .isInstanceOf(TenantCipher.UnreadableSecretException.class);
    }
    assertThatThrownBy(() -> cipher.open(sealed, 8))
        .as("sealed for another company")
        .isInstanceOf(TenantCipher.UnreadableSecretException.class);
  }

  @Test
  void shouldRefuseToStartInProductionWithoutAnEncryptionKey() throws Exception {
    assertThatThrownBy(() -> config("prod"))
        .hasMessageContaining("solid.webhooks.secret-encryption-key")
        .hasMessageNotContaining("solid.webhooks.delivery");
  }

  @Test
  void shouldUseThePublishedDevKeyOnlyInDevAndTest() throws Exception {
    for (String profile : new String[] {"dev", "test"}) {
      WebhooksConfig config = config(profile).getConfigMapping(WebhooksConfig.class);
      assertThat(config.secretEncryptionKey()).as(profile).isEqualTo(DEV_KEY);
      TenantCipher cipher = new SecretCipherProducer().secretCipher(config);
      assertThat(open(cipher, Base64.getDecoder().decode(SEALED_BEFORE_THE_KIT), 4242))
          .isEqualTo("your-chosen-signing-secret");
    }
  }

  @Test
  void shouldStartInProductionWithARealKeyAndTheDocumentedDefaults() throws Exception {
    SmallRyeConfig config = config("prod", "solid.webhooks.secret-encryption-key", otherKey());
    assertThat(config.getConfigMapping(WebhooksConfig.class).secretEncryptionKey())
        .isEqualTo(otherKey());
    // The dispatcher's @Scheduled poll reads this expression: the mapping's default must be
    // visible to it when nothing sets the property.
    assertThat(config.getValue("solid.webhooks.delivery.poll-interval", String.class))
        .isEqualTo("1s");
  }

  private static String otherKey() {
    return Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  }

  /** The service's application.properties under a profile, with the mapping validated. */
  private static SmallRyeConfig config(String profile, String... overrides) throws Exception {
    SmallRyeConfigBuilder builder =
        new SmallRyeConfigBuilder()
            .withProfile(profile)
            .withSources(
                new PropertiesConfigSource(
                    SecretCipherTest.class.getResource("/application.properties"), 250))
            // Quarkus' duration format ("500ms", "5d"), as the service reads it.
            .withConverter(Duration.class, 100, new DurationConverter())
            .withMapping(WebhooksConfig.class);
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      builder.withDefaultValue(overrides[i], overrides[i + 1]);
    }
    return builder.build();
  }

  private static TenantCipher cipher(String base64Key) {
    return TenantCipher.fromBase64(
        base64Key, SecretCipherProducer.PURPOSE, "solid.webhooks.secret-encryption-key");
  }

  private static String open(TenantCipher cipher, byte[] stored, long company) {
    return new String(cipher.open(stored, company), StandardCharsets.UTF_8);
  }

  /** The pre-kit SecretCipher.encrypt, line for line. */
  private static byte[] sealTheOldWay(String base64Key, String secret, long companyId) {
    try {
      byte[] nonce = new byte[12];
      new SecureRandom().nextBytes(nonce);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
          new GCMParameterSpec(128, nonce));
      aes.updateAAD(("solid-webhook-secret:" + companyId).getBytes(StandardCharsets.UTF_8));
      byte[] sealed = aes.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
