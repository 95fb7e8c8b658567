package dev.solid.payments.stripe;

import dev.solid.common.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature ({@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]}): the
 * hex HMAC-SHA256, keyed by the endpoint's signing secret, of {@code t + "." + raw body}. Several
 * {@code v1} entries appear while Stripe rolls the secret; one matching is enough. Other schemes
 * ({@code v0}) are ignored, as Stripe's libraries do.
 *
 * <p>Written here rather than taken from {@code stripe-java}: the check is twenty lines, and the
 * library would bring its whole HTTP client for it.
 */
public final class StripeSignature {
  private StripeSignature() {}

  /**
   * Completes when {@code header} signs {@code body} with {@code secret} at a time within {@code
   * tolerance} of {@code now} (either way: a future timestamp could be replayed for longer);
   * otherwise 400 {@code bad_request} saying which part failed (never what was expected).
   */
  public static void verify(
      byte[] body, String header, String secret, Duration tolerance, Instant now) {
    if (header == null || header.isBlank()) {
      throw ApiException.badRequest("The Stripe-Signature header is missing");
    }
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int equals = part.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String name = part.substring(0, equals).strip();
      String value = part.substring(equals + 1).strip();
      if (name.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("The Stripe-Signature timestamp is not a number");
        }
      } else if (name.equals("v1")) {
        signatures.add(value);
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      throw ApiException.badRequest(
          "The Stripe-Signature header has no timestamp or no v1 signature");
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      throw ApiException.badRequest(
          "The Stripe-Signature timestamp is outside the tolerance ("
              + tolerance.toSeconds()
              + " s)");
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    boolean matches = false;
    for (String signature : signatures) {
      // Constant time per candidate, and every candidate compared, so timing tells nothing.
      matches |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
    if (!matches) {
      throw ApiException.badRequest("The Stripe-Signature does not match the body");
    }
  }

  /** The hex {@code v1} signature of {@code body} at {@code timestamp}. */
  public static String sign(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
