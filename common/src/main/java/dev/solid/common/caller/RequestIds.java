package dev.solid.common.caller;

import jakarta.ws.rs.core.HttpHeaders;
import java.security.SecureRandom;

/**
 * Request ids ({@code req_} + 26 Crockford base32 characters, time-ordered like a ULID). The
 * gateway makes one per request and passes it on in {@code X-Request-Id} and in the internal JWT.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestIds() {}

  public static String newId() {
    return "req_" + ulid();
  }

  /** A ULID: 48 bits of milliseconds then 80 random bits, in 26 base32 characters. */
  public static String ulid() {
    long time = System.currentTimeMillis();
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    long hi = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (random[i] & 0xff);
    }
    long lo = 0;
    for (int i = 5; i < 10; i++) {
      lo = (lo << 8) | (random[i] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  /** The request id the gateway passed on, or null when a request did not come through it. */
  public static String from(HttpHeaders headers) {
    return headers == null ? null : headers.getHeaderString(HEADER);
  }
}
