package dev.solid.webhooks.security;

import java.security.SecureRandom;
import java.util.Base64;

/** Generated secrets: {@code whsec_} + base64 of 32 random bytes (the Standard Webhooks form). */
public final class WebhookSecrets {
  public static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getEncoder().encodeToString(bytes);
  }
}
