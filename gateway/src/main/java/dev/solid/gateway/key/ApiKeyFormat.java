package dev.solid.gateway.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The shape of an API key: {@code sk_solid_<mode>_} + 32 random base62 characters (190 bits) + a
 * 6-character base62 CRC32 checksum of everything before it. The checksum lets the gateway turn
 * away typos and garbage without a database lookup, and lets secret scanners recognise real keys.
 * Keys are stored only as their SHA-256 hash: with this much entropy a slow hash adds nothing.
 */
public final class ApiKeyFormat {
  public static final String PREFIX = "sk_solid_";
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int RANDOM_LENGTH = 32;
  private static final int CHECKSUM_LENGTH = 6;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeyFormat() {}

  /** A new key for the mode. */
  public static String generate(boolean livemode) {
    StringBuilder sb = new StringBuilder(prefix(livemode));
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.append(checksum(sb)).toString();
  }

  public static String prefix(boolean livemode) {
    return PREFIX + (livemode ? "live_" : "test_");
  }

  /** True when the text has the exact shape of a key and its checksum matches. */
  public static boolean isWellFormed(String key) {
    if (key == null) {
      return false;
    }
    int head;
    if (key.startsWith(prefix(true))) {
      head = prefix(true).length();
    } else if (key.startsWith(prefix(false))) {
      head = prefix(false).length();
    } else {
      return false;
    }
    if (key.length() != head + RANDOM_LENGTH + CHECKSUM_LENGTH) {
      return false;
    }
    for (int i = head; i < key.length(); i++) {
      if (ALPHABET.indexOf(key.charAt(i)) < 0) {
        return false;
      }
    }
    int split = key.length() - CHECKSUM_LENGTH;
    return checksum(key.substring(0, split)).equals(key.substring(split));
  }

  /** The mode a well-formed key belongs to. */
  public static boolean isLive(String key) {
    return key.startsWith(prefix(true));
  }

  /** The part shown in listings so an owner can tell keys apart: prefix plus four characters. */
  public static String displayPrefix(String key) {
    int head = isLive(key) ? prefix(true).length() : prefix(false).length();
    return key.substring(0, head + 4);
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String checksum(CharSequence text) {
    CRC32 crc = new CRC32();
    crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] out = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      out[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
      value /= ALPHABET.length();
    }
    return new String(out);
  }
}
