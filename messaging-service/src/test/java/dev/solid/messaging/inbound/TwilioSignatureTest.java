package dev.solid.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Twilio's request signature, pure: no Quarkus, no network. */
class TwilioSignatureTest {
  // Twilio's documented example ("Webhook security": validating signatures).
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final String TOKEN = "12345";
  private static final Map<String, List<String>> PARAMS =
      Map.of(
          "CallSid", List.of("CA1234567890ABCDE"),
          "Caller", List.of("+12349013030"),
          "Digits", List.of("1234"),
          "From", List.of("+12349013030"),
          "To", List.of("+18005551212"));

  /** HMAC-SHA1 of exactly the given string, computed here without the production class. */
  private static String hmac(String token, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldComputeTheSignatureOfTwilioDocumentedExample() throws Exception {
    String expected =
        hmac(
            TOKEN,
            URL
                + "CallSidCA1234567890ABCDE"
                + "Caller+12349013030"
                + "Digits1234"
                + "From+12349013030"
                + "To+18005551212");
    assertThat(TwilioSignature.compute(TOKEN, URL, PARAMS)).isEqualTo(expected);
    // The same value computed independently (python hmac) while writing this test.
    assertThat(expected).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    assertThat(TwilioSignature.matches(TOKEN, URL, PARAMS, expected)).isTrue();
    assertThat(TwilioSignature.matches("54321", URL, PARAMS, expected)).isFalse();
  }

  @Test
  void shouldSignEveryValueOfARepeatedParameterSorted() throws Exception {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("To", List.of("+18005551212"));
    params.put("MediaUrl", List.of("https://b.example/2.jpg", "https://a.example/1.jpg"));
    String expected =
        hmac(
            TOKEN,
            URL
                + "MediaUrlhttps://a.example/1.jpg"
                + "MediaUrlhttps://b.example/2.jpg"
                + "To+18005551212");
    assertThat(TwilioSignature.compute(TOKEN, URL, params)).isEqualTo(expected);
  }

  @Test
  void shouldKeepEveryValueOfARepeatedFormParameter() {
    Map<String, List<String>> parsed =
        InboundResource.parseForm(
            "MediaUrl=https%3A%2F%2Fa&To=%2B1800&MediaUrl=https%3A%2F%2Fb&Empty");
    assertThat(parsed.get("MediaUrl")).containsExactly("https://a", "https://b");
    assertThat(parsed.get("To")).containsExactly("+1800");
    assertThat(parsed.get("Empty")).containsExactly("");
  }
}
