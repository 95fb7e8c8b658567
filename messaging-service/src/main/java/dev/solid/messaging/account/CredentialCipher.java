package dev.solid.messaging.account;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.messaging.config.MessagingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts provider credentials at rest: AES-GCM with the configured key, a fresh 12-byte nonce per
 * value, stored as {@code v1:base64(nonce || ciphertext+tag)}. The version prefix leaves room for
 * key rotation.
 */
@ApplicationScoped
public class CredentialCipher {
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;

  private final SecretKeySpec key;
  private final ObjectMapper json;
  private final SecureRandom random = new SecureRandom();

  public CredentialCipher(MessagingConfig config, ObjectMapper json) {
    this.key = new SecretKeySpec(Base64.getDecoder().decode(config.credentialsKey()), "AES");
    this.json = json;
  }

  public String encrypt(Map<String, String> credentials) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(json.writeValueAsBytes(credentials));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("Cannot encrypt provider credentials", e);
    }
  }

  public Map<String, String> decrypt(String stored) {
    if (!stored.startsWith(PREFIX)) {
      throw new IllegalStateException("Unknown credential format");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return json.readValue(plain, MAP);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("Cannot decrypt provider credentials (wrong key?)", e);
    }
  }
}
