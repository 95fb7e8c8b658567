package dev.solid.kit.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's one cipher for secrets at rest (webhook signing secrets, provider credentials):
 * AES-256-GCM with a fresh 12-byte nonce per value, and the purpose and the owning company as
 * associated data, so a value copied into another company's row, or into a column of another
 * purpose, does not decrypt. Stored form: {@code nonce || ciphertext+tag}; {@link #sealText} adds
 * the {@code v2:} prefix and base64 for text columns.
 *
 * <p>One instance per purpose and key, built by the owning service from its typed configuration;
 * the key has a published default only in the {@code %dev} and {@code %test} profiles, so a
 * production start without a real key fails at configuration time.
 */
public final class TenantCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String TEXT_PREFIX = "v2:";
  // Text sealed before the kit: no associated data. Still read, never written.
  private static final String LEGACY_TEXT_PREFIX = "v1:";

  private final SecretKeySpec key;
  private final String purpose;
  private final SecureRandom random = new SecureRandom();

  private TenantCipher(byte[] key, String purpose) {
    this.key = new SecretKeySpec(key, "AES");
    this.purpose = purpose;
  }

  /**
   * A cipher for {@code purpose} (e.g. {@code solid-webhook-secret}) with a key given as base64 of
   * 32 bytes; {@code property} names the setting in the error.
   */
  public static TenantCipher fromBase64(String base64Key, String purpose, String property) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.strip());
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 32) {
      throw new IllegalStateException(
          property + " must be base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)");
    }
    return new TenantCipher(raw, purpose);
  }

  /** Thrown for every stored value that does not decrypt: altered, another key, another company. */
  public static final class UnreadableSecretException extends RuntimeException {
    UnreadableSecretException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Seals {@code plain} for the company. */
  public byte[] seal(byte[] plain, long companyId) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(companyId));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not encrypt a " + purpose, e);
    }
  }

  /** The plain bytes sealed by {@link #seal} for this company. */
  public byte[] open(byte[] stored, long companyId) {
    return open(stored, aad(companyId));
  }

  /** {@link #seal} of UTF-8 text, stored as {@code v2:base64}. */
  public String sealText(String plain, long companyId) {
    return TEXT_PREFIX
        + Base64.getEncoder()
            .encodeToString(seal(plain.getBytes(StandardCharsets.UTF_8), companyId));
  }

  /** The text sealed by {@link #sealText} for this company (or by the pre-kit {@code v1:} form). */
  public String openText(String stored, long companyId) {
    if (stored != null && stored.startsWith(TEXT_PREFIX)) {
      return new String(open(decode(stored, TEXT_PREFIX), companyId), StandardCharsets.UTF_8);
    }
    if (stored != null && stored.startsWith(LEGACY_TEXT_PREFIX)) {
      return new String(open(decode(stored, LEGACY_TEXT_PREFIX), null), StandardCharsets.UTF_8);
    }
    throw new UnreadableSecretException(
        "Could not decrypt a " + purpose + ": unknown format", null);
  }

  private byte[] decode(String stored, String prefix) {
    try {
      return Base64.getDecoder().decode(stored.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      throw new UnreadableSecretException("Could not decrypt a " + purpose + ": not base64", e);
    }
  }

  private byte[] open(byte[] stored, byte[] aad) {
    if (stored == null || stored.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new UnreadableSecretException(
          "Could not decrypt a "
              + purpose
              + ": "
              + (stored == null ? "missing" : stored.length + " bytes")
              + ", shorter than a nonce and tag",
          null);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      if (aad != null) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UnreadableSecretException(
          "Could not decrypt a " + purpose + " (wrong key, or sealed for another company)", e);
    }
  }

  private byte[] aad(long companyId) {
    return (purpose + ":" + companyId).getBytes(StandardCharsets.UTF_8);
  }
}
