package dev.solid.messaging.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature: base64(HMAC-SHA1(auth token, full URL + for each POST parameter,
 * sorted by name, its name and value)). A repeated name contributes name + value once per value,
 * values sorted, as Twilio's own libraries compute it. Pure; unit-tested with Twilio's documented
 * example.
 */
public final class TwilioSignature {
  private TwilioSignature() {}

  public static String compute(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params)
        .forEach(
            (name, values) ->
                values.stream().sorted().forEach(value -> data.append(name).append(value)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of the header with the expected signature. */
  public static boolean matches(
      String authToken, String url, Map<String, List<String>> params, String header) {
    if (header == null || authToken == null) {
      return false;
    }
    return constantTimeEquals(compute(authToken, url, params), header);
  }

  /**
   * Constant-time comparison; never equal when there is nothing to compare with (a test-mode
   * account created without a secret verifies no callback).
   */
  public static boolean constantTimeEquals(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
