package dev.solid.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {

  @Test
  void shouldMatchKnownHmacSha256Vector() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(
            Signatures.hexHmac(
                "Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void shouldUseDecodedKeyForGeneratedSecretsAndUtf8BytesOtherwise() {
    String generated = WebhookSecrets.generate();
    assertThat(generated).startsWith("whsec_");
    assertThat(Signatures.standardKey(generated))
        .isEqualTo(Base64.getDecoder().decode(generated.substring(6)));
    assertThat(Signatures.standardKey("your-chosen-signing-secret"))
        .isEqualTo("your-chosen-signing-secret".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldSignWithBothSecretsDuringOverlap() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    var headers =
        Signatures.headers(
            "evt_1", 1700000000L, body, "new-secret-0123456", List.of("old-secret-0123456"));
    assertThat(headers.get("webhook-signature").split(" ")).hasSize(2);
    assertThat(headers.get("X-Solid-Signature"))
        .isEqualTo(Signatures.hexHmac("new-secret-0123456", body));
    assertThat(headers.get("X-Solid-Signature-Previous"))
        .isEqualTo(Signatures.hexHmac("old-secret-0123456", body));
  }

  @Test
  void shouldSignWithEveryPreviousSecretNewestFirstAfterTwoRotations() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    var headers =
        Signatures.headers(
            "evt_1",
            1700000000L,
            body,
            "third-secret-01234",
            List.of("second-secret-0123", "first-secret-01234"));
    assertThat(headers.get("X-Solid-Signature"))
        .isEqualTo(Signatures.hexHmac("third-secret-01234", body));
    assertThat(headers.get("X-Solid-Signature-Previous"))
        .isEqualTo(
            Signatures.hexHmac("second-secret-0123", body)
                + ","
                + Signatures.hexHmac("first-secret-01234", body));
    assertThat(headers.get("webhook-signature").split(" ")).hasSize(3);
  }

  @Test
  void shouldSendNoPreviousHeaderWithoutRotation() {
    var headers = Signatures.headers("evt_1", 1L, new byte[] {1}, "only-secret-012345", List.of());
    assertThat(headers).doesNotContainKey("X-Solid-Signature-Previous");
    assertThat(headers.get("webhook-signature")).doesNotContain(" ");
  }
}
