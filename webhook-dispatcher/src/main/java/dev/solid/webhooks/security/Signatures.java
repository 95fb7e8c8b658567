package dev.solid.webhooks.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature headers of one delivery, over the exact bytes sent.
 *
 * <ul>
 *   <li>{@code X-Solid-Signature: <hex HMAC-SHA256(secret, body)>} (seed 000) and {@code
 *       X-Signature: sha256=<same hex>} (seed 001). The HMAC key is the secret string's UTF-8
 *       bytes, exactly as the seeds' Node snippets use it. Both carry the current secret only, so
 *       the seeds' single-value comparisons keep working; during a rotation overlap the hex
 *       signature of each still-valid previous secret goes in {@code X-Solid-Signature-Previous}
 *       (comma-separated, newest first; usually just one).
 *   <li>Standard Webhooks: {@code webhook-id} (event id), {@code webhook-timestamp} (unix seconds),
 *       {@code webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>}, one {@code
 *       v1,…} per active secret separated by a space. The key is the base64-decoded part after
 *       {@code whsec_} for such secrets, else the secret's UTF-8 bytes.
 * </ul>
 */
public final class Signatures {
  public static final String SOLID = "X-Solid-Signature";
  public static final String SOLID_PREVIOUS = "X-Solid-Signature-Previous";
  public static final String SIGNATURE = "X-Signature";
  public static final String WEBHOOK_ID = "webhook-id";
  public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
  public static final String WEBHOOK_SIGNATURE = "webhook-signature";

  private Signatures() {}

  /** Headers for the body signed with {@code secret} and every secret in {@code previous}. */
  public static Map<String, String> headers(
      String eventId, long timestamp, byte[] body, String secret, List<String> previous) {
    Map<String, String> headers = new LinkedHashMap<>();
    String hex = hexHmac(secret, body);
    headers.put(SOLID, hex);
    headers.put(SIGNATURE, "sha256=" + hex);
    if (!previous.isEmpty()) {
      headers.put(
          SOLID_PREVIOUS, String.join(",", previous.stream().map(p -> hexHmac(p, body)).toList()));
    }
    headers.put(WEBHOOK_ID, eventId);
    headers.put(WEBHOOK_TIMESTAMP, Long.toString(timestamp));
    List<String> standard = new ArrayList<>();
    standard.add("v1," + standardSignature(secret, eventId, timestamp, body));
    for (String p : previous) {
      standard.add("v1," + standardSignature(p, eventId, timestamp, body));
    }
    headers.put(WEBHOOK_SIGNATURE, String.join(" ", standard));
    return headers;
  }

  public static String hexHmac(String secret, byte[] body) {
    return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  public static String standardSignature(
      String secret, String eventId, long timestamp, byte[] body) {
    byte[] prefix = (eventId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return Base64.getEncoder().encodeToString(hmac(standardKey(secret), signed));
  }

  /** The Standard Webhooks key: base64 after {@code whsec_}, else the UTF-8 bytes. */
  public static byte[] standardKey(String secret) {
    if (secret.startsWith(WebhookSecrets.PREFIX)) {
      try {
        return Base64.getDecoder().decode(secret.substring(WebhookSecrets.PREFIX.length()));
      } catch (IllegalArgumentException notBase64) {
        // A chosen secret that merely starts with whsec_: fall through to its bytes.
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
