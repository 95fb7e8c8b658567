package dev.solid.messaging.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.config.MessagingConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * SMS through Twilio's Messages API: {@code POST
 * {base}/2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded To/From/Body, HTTP basic
 * auth AccountSid:AuthToken. 201 carries the message {@code sid}; a 4xx carries {@code code} and
 * {@code message}.
 */
@ApplicationScoped
public class TwilioProvider implements MessageProvider {
  private final ProviderHttp http;
  private final MessagingConfig config;
  private final ObjectMapper json;

  public TwilioProvider(ProviderHttp http, MessagingConfig config, ObjectMapper json) {
    this.http = http;
    this.config = config;
    this.json = json;
  }

  @Override
  public String channel() {
    return Account.SMS;
  }

  @Override
  public Uni<ProviderResult> send(Account account, String to, String text) {
    String sid = account.credential("account_sid");
    String token = account.credential("auth_token");
    String url = config.twilioBaseUrl() + "/2010-04-01/Accounts/" + sid + "/Messages.json";
    String form =
        "To=" + encode(to) + "&From=" + encode(account.sender()) + "&Body=" + encode(text);
    String auth =
        Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
    return http.post(
            url,
            Map.of(
                "Authorization", "Basic " + auth,
                "Content-Type", "application/x-www-form-urlencoded",
                "Accept", "application/json"),
            form)
        .map(this::outcome);
  }

  private ProviderResult outcome(ProviderHttp.Response response) {
    JsonNode body = parse(response.body());
    if (response.status() >= 200 && response.status() < 300) {
      return ProviderResult.accepted(body.path("sid").asText(null));
    }
    if (response.status() == 429 || response.status() == 503) {
      // Throttled or unavailable: the provider refused the request, so nothing was sent and a
      // retry cannot duplicate the message.
      throw new TransientProviderException("twilio answered " + response.status());
    }
    if (response.status() >= 500) {
      // Any other 5xx came after the request was written: the provider may have taken the
      // message, so retrying could send it twice. Never retried.
      throw new OutcomeUnknownException("twilio answered " + response.status());
    }
    return ProviderResult.rejected(
        "twilio "
            + body.path("code").asText(String.valueOf(response.status()))
            + ": "
            + body.path("message").asText("rejected with status " + response.status()));
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (Exception e) {
      return json.createObjectNode();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
