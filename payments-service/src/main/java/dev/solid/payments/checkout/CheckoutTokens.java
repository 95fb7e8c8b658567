package dev.solid.payments.checkout;

import dev.solid.payments.config.PaymentsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The anti-forgery token of a checkout form: {@code nonce.expiry.mac}, where the nonce is 128
 * random bits, the expiry a Unix second and the mac an HMAC-SHA256, with the server's {@code
 * solid.payments.checkout.secret}, of the page's subject ({@code link:<token>}, {@code
 * invoice:<token>}), the nonce and the expiry. Every render of a page issues a new one; a POST
 * without a token this server signed for this page, or after its expiry, is refused before anything
 * is read or charged.
 *
 * <p>Why not a double-submit cookie: the gateway drops {@code Cookie} and {@code Set-Cookie} on
 * every route, hosted pages included, so the token travels in the form only. A form's nonce is then
 * stored on what the form pays ({@code orders.checkout_nonce}, unique), so a form submitted twice
 * pays once.
 */
@ApplicationScoped
public class CheckoutTokens {
  private static final Pattern SHAPE =
      Pattern.compile("[A-Za-z0-9_-]{22}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;
  private final Duration lifetime;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  @Inject
  public CheckoutTokens(PaymentsConfig config) {
    this(config.checkout().secret(), config.checkout().formLifetime(), Clock.systemUTC());
  }

  CheckoutTokens(String base64Secret, Duration lifetime, Clock clock) {
    byte[] secret = Base64.getDecoder().decode(base64Secret.strip());
    if (secret.length < 32) {
      throw new IllegalStateException(
          "solid.payments.checkout.secret must be at least 32 bytes, base64-encoded");
    }
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A new token for one render of the page of {@code subject}. */
  public String issue(String subject) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String encoded = URL.encodeToString(nonce);
    long expiry = clock.instant().plus(lifetime).getEpochSecond();
    return encoded + "." + expiry + "." + mac(subject, encoded, expiry);
  }

  /** What a submitted token is worth for the page of {@code subject}. */
  public Verdict verify(String subject, String token) {
    if (token == null || !SHAPE.matcher(token).matches()) {
      return new Verdict(Status.INVALID, null);
    }
    String[] parts = token.split("\\.");
    long expiry = Long.parseLong(parts[1]);
    byte[] expected = mac(subject, parts[0], expiry).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return new Verdict(Status.INVALID, null);
    }
    if (clock.instant().getEpochSecond() > expiry) {
      return new Verdict(Status.EXPIRED, null);
    }
    return new Verdict(Status.VALID, parts[0]);
  }

  private String mac(String subject, String nonce, long expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] out =
          mac.doFinal(
              ("solid-checkout-v1\n" + subject + "\n" + nonce + "\n" + expiry)
                  .getBytes(StandardCharsets.UTF_8));
      return URL.encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  public enum Status {
    VALID,
    INVALID,
    EXPIRED
  }

  /** The verdict on a token; {@code nonce} is the form's nonce when valid. */
  public record Verdict(Status status, String nonce) {
    public boolean valid() {
      return status == Status.VALID;
    }
  }
}
