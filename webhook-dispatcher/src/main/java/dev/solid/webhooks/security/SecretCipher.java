package dev.solid.webhooks.security;

import dev.solid.webhooks.config.WebhooksConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts endpoint secrets at rest with AES-256-GCM. Stored form: 12-byte random nonce followed by
 * ciphertext and tag. The company id is the associated data, so a ciphertext copied to another
 * company's row does not decrypt.
 */
@ApplicationScoped
public class SecretCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final boolean devKey;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(WebhooksConfig config) {
    byte[] raw = Base64.getDecoder().decode(config.secretEncryptionKey());
    if (raw.length != 32) {
      throw new IllegalStateException(
          "solid.webhooks.secret-encryption-key must be base64 of exactly 32 bytes");
    }
    this.key = new SecretKeySpec(raw, "AES");
    this.devKey = WebhooksConfig.DEV_ENCRYPTION_KEY.equals(config.secretEncryptionKey());
  }

  /**
   * Refuses to start in the prod profile with the published dev key: secrets "encrypted" with a key
   * anyone can read from the source are not protected, and finding out after secrets were stored
   * means re-registering every endpoint. Dev and test runs keep the default for convenience; the
   * local launcher generates a key per installation.
   */
  void checkKey(@Observes StartupEvent event) {
    requireRealKeyInProd(devKey, LaunchMode.current());
  }

  static void requireRealKeyInProd(boolean devKey, LaunchMode mode) {
    if (devKey && mode == LaunchMode.NORMAL) {
      throw new IllegalStateException(
          "solid.webhooks.secret-encryption-key is the published dev default, which does not"
              + " protect webhook secrets. Set SOLID_WEBHOOKS_SECRET_ENCRYPTION_KEY to base64 of"
              + " 32 random bytes (e.g. `openssl rand -base64 32`) and keep it: secrets stored"
              + " with one key do not decrypt with another.");
    }
  }

  public byte[] encrypt(String secret, long companyId) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(companyId));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not encrypt a webhook secret", e);
    }
  }

  /**
   * Thrown by {@link #decrypt} for every stored value it cannot read: too short to hold a nonce and
   * tag, sealed with another key or for another company, or altered. The caller decides what an
   * unreadable secret means; it is never a bug in the caller's input handling.
   */
  public static final class UnreadableSecretException extends RuntimeException {
    UnreadableSecretException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The secret sealed by {@link #encrypt} for this company.
   *
   * @throws UnreadableSecretException for any stored value that does not decrypt (and only then)
   */
  public String decrypt(byte[] stored, long companyId) {
    if (stored == null || stored.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new UnreadableSecretException(
          "Could not decrypt a webhook secret: "
              + (stored == null ? "missing" : stored.length + " bytes")
              + ", shorter than a nonce and tag",
          null);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      cipher.updateAAD(aad(companyId));
      byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UnreadableSecretException("Could not decrypt a webhook secret (wrong key?)", e);
    }
  }

  private static byte[] aad(long companyId) {
    return ("solid-webhook-secret:" + companyId).getBytes(StandardCharsets.UTF_8);
  }
}
