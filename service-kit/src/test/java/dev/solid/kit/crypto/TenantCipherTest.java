package dev.solid.kit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TenantCipherTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private final TenantCipher cipher = TenantCipher.fromBase64(KEY, "solid-test", "solid.test.key");

  @Test
  void shouldOpenWhatItSealedForTheSameCompany() {
    String sealed = cipher.sealText("whsec_abc", 7);
    assertThat(sealed).startsWith("v2:").doesNotContain("whsec_abc");
    assertThat(cipher.openText(sealed, 7)).isEqualTo("whsec_abc");
  }

  @Test
  void shouldRefuseAValueCopiedToAnotherCompany() {
    byte[] sealed = cipher.seal("secret".getBytes(StandardCharsets.UTF_8), 7);
    assertThatThrownBy(() -> cipher.open(sealed, 8))
        .isInstanceOf(TenantCipher.UnreadableSecretException.class);
  }

  @Test
  void shouldRefuseAValueOfAnotherPurpose() {
    TenantCipher other = TenantCipher.fromBase64(KEY, "solid-other", "k");
    String sealed = other.sealText("secret", 7);
    assertThatThrownBy(() -> cipher.openText(sealed, 7))
        .isInstanceOf(TenantCipher.UnreadableSecretException.class);
  }

  @Test
  void shouldRefuseAnAlteredValue() {
    byte[] sealed = cipher.seal("secret".getBytes(StandardCharsets.UTF_8), 7);
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> cipher.open(sealed, 7))
        .isInstanceOf(TenantCipher.UnreadableSecretException.class);
  }

  @Test
  void shouldStillReadTextSealedBeforeTheKitWithoutAssociatedData() throws Exception {
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    Cipher legacy = Cipher.getInstance("AES/GCM/NoPadding");
    legacy.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(new byte[32], "AES"),
        new GCMParameterSpec(128, nonce));
    byte[] ct = legacy.doFinal("{\"bot_token\":\"1:x\"}".getBytes(StandardCharsets.UTF_8));
    String stored =
        "v1:"
            + Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
    assertThat(cipher.openText(stored, 99)).isEqualTo("{\"bot_token\":\"1:x\"}");
  }

  @Test
  void shouldRefuseAKeyThatIsNot32Bytes() {
    assertThatThrownBy(() -> TenantCipher.fromBase64("c2hvcnQ=", "p", "solid.x.key"))
        .hasMessageContaining("solid.x.key")
        .hasMessageContaining("32");
    assertThatThrownBy(() -> TenantCipher.fromBase64("not base64!", "p", "solid.x.key"))
        .hasMessageContaining("solid.x.key");
  }
}
