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
import org.jboss.logging.Logger;

/**
 * Encrypts endpoint secrets at rest with AES-256-GCM. Stored form: 12-byte random nonce followed by
 * ciphertext and tag. The company id is the associated data, so a ciphertext copied to another
 * company's row does not decrypt.
 */
@ApplicationScoped
public class SecretCipher {
  private static final Logger LOG = Logger.getLogger(SecretCipher.class);
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

  void warnOnDevKey(@Observes StartupEvent event) {
    LaunchMode mode = LaunchMode.current();
    if (devKey && mode != LaunchMode.DEVELOPMENT && mode != LaunchMode.TEST) {
      LOG.warn(
          "\n**************************************************************************\n"
              + "* solid.webhooks.secret-encryption-key is the PUBLIC DEV DEFAULT.        *\n"
              + "* Webhook secrets are NOT protected at rest. Set SOLID_WEBHOOKS_SECRET_  *\n"
              + "* ENCRYPTION_KEY to base64 of 32 random bytes before real use.           *\n"
              + "**************************************************************************");
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

  public String decrypt(byte[] stored, long companyId) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      cipher.updateAAD(aad(companyId));
      byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not decrypt a webhook secret (wrong key?)", e);
    }
  }

  private static byte[] aad(long companyId) {
    return ("solid-webhook-secret:" + companyId).getBytes(StandardCharsets.UTF_8);
  }
}
