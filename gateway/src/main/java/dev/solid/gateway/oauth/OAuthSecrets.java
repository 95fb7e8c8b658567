package dev.solid.gateway.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The OAuth secrets the gateway hands out: access tokens {@code sat_…}, refresh tokens {@code
 * srt_…}, authorization codes {@code sac_…}, each a prefix and 32 random bytes in base64url (256
 * bits), and the public client ids {@code sci_…}. Secrets are stored only as their SHA-256 hash and
 * found by it, so no stored secret is ever compared; the one comparison of secrets, the PKCE
 * challenge, is constant-time.
 */
public final class OAuthSecrets {
  public static final String ACCESS_PREFIX = "sat_";
  public static final String REFRESH_PREFIX = "srt_";
  public static final String CODE_PREFIX = "sac_";
  public static final String CLIENT_PREFIX = "sci_";

  private static final int RANDOM_BYTES = 32;

  /** base64url of 32 bytes, unpadded. */
  private static final int RANDOM_CHARS = 43;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private OAuthSecrets() {}

  public static String generate(String prefix) {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return prefix + BASE64URL.encodeToString(bytes);
  }

  /** Whether {@code value} has the exact shape of a secret with that prefix. */
  public static boolean isWellFormed(String value, String prefix) {
    if (value == null
        || !value.startsWith(prefix)
        || value.length() != prefix.length() + RANDOM_CHARS) {
      return false;
    }
    for (int i = prefix.length(); i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public static byte[] hash(String secret) {
    return sha256(secret.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))) equals the challenge, compared in
   * constant time. The verifier must be 43 to 128 unreserved characters.
   */
  public static boolean verifierMatches(String verifier, String challenge) {
    if (verifier == null || challenge == null || !isPkceValue(verifier)) {
      return false;
    }
    byte[] computed =
        BASE64URL
            .encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)))
            .getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII));
  }

  /** A code_verifier's shape (RFC 7636 §4.1): 43–128 of [A-Za-z0-9-._~]. */
  public static boolean isPkceValue(String value) {
    if (value.length() < 43 || value.length() > 128) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** An S256 challenge's shape: base64url of 32 bytes. */
  public static boolean isS256Challenge(String value) {
    return value != null && isWellFormed(value, "") && value.length() == RANDOM_CHARS;
  }

  /** Constant-time equality of two texts (the CSRF token against its cookie). */
  public static boolean sameText(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
