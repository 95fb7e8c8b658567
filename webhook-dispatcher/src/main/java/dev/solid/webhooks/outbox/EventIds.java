package dev.solid.webhooks.outbox;

import java.security.SecureRandom;

/** Event ids: {@code evt_} + 26 random base32 characters. */
public final class EventIds {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private EventIds() {}

  public static String next() {
    StringBuilder sb = new StringBuilder("evt_");
    for (int i = 0; i < 26; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }
}
