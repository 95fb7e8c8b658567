package dev.solid.messaging.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.config.MessagingConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Telegram through the Bot API: {@code POST {base}/bot{token}/sendMessage} with JSON {@code
 * {chat_id, text}}. The answer is {@code {"ok":true,"result":{"message_id":…}}} or {@code
 * {"ok":false,"error_code":…,"description":…}}.
 */
@ApplicationScoped
public class TelegramProvider implements MessageProvider {
  private final ProviderHttp http;
  private final MessagingConfig config;
  private final ObjectMapper json;

  public TelegramProvider(ProviderHttp http, MessagingConfig config, ObjectMapper json) {
    this.http = http;
    this.config = config;
    this.json = json;
  }

  @Override
  public String channel() {
    return Account.TELEGRAM;
  }

  @Override
  public Uni<ProviderResult> send(Account account, String to, String text) {
    String url =
        config.telegramBaseUrl() + "/bot" + account.credential("bot_token") + "/sendMessage";
    ObjectNode body = json.createObjectNode();
    // The worker resolves a user's "@username" to the numeric chat id first (a bot cannot message
    // a user by name); a name that reaches here is a public channel or group, which Telegram
    // accepts as "@name".
    if (to.matches("-?\\d+")) {
      body.put("chat_id", Long.parseLong(to));
    } else {
      body.put("chat_id", "@" + to);
    }
    body.put("text", text);
    return http.post(url, Map.of("Content-Type", "application/json"), body.toString())
        .map(this::outcome);
  }

  private ProviderResult outcome(ProviderHttp.Response response) {
    JsonNode body;
    try {
      body =
          json.readTree(
              response.body() == null || response.body().isBlank() ? "{}" : response.body());
    } catch (Exception e) {
      body = json.createObjectNode();
    }
    if (response.status() == 200 && body.path("ok").asBoolean(false)) {
      return ProviderResult.accepted(body.path("result").path("message_id").asText(null));
    }
    if (response.status() == 429 || response.status() == 503) {
      // Throttled or unavailable: the provider refused the request, so nothing was sent and a
      // retry cannot duplicate the message.
      throw new TransientProviderException("telegram answered " + response.status());
    }
    if (response.status() >= 500) {
      // Any other 5xx came after the request was written: the provider may have taken the
      // message, so retrying could send it twice. Never retried.
      throw new OutcomeUnknownException("telegram answered " + response.status());
    }
    return ProviderResult.rejected(
        "telegram "
            + body.path("error_code").asText(String.valueOf(response.status()))
            + ": "
            + body.path("description").asText("rejected with status " + response.status()));
  }
}
