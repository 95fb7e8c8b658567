package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Steps the messaging journeys share: a messaging account, and waiting for the stack. */
final class MessagingSteps {
  /** A test-mode Telegram bot; the stand-in accepts any token. */
  static final Map<String, Object> TELEGRAM_BOT =
      Map.of(
          "channel",
          "telegram",
          "sender",
          "@solid_e2e_bot",
          "provider",
          Map.of("bot_token", "123456:e2e-token", "webhook_secret", "e2e-secret"));

  private MessagingSteps() {}

  /** Creates a messaging account (201) and returns its id. */
  static long account(Api api, String key, Map<String, Object> body) {
    Api.Response created = api.post("/api/v1/messaging/accounts").bearer(key).json(body).send();
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    return created.json().path("id").asLong();
  }

  /**
   * Calls until the answer is done, every 250 ms for up to 60 s (a loaded machine runs the whole
   * stack), and returns that answer; fails naming the last answer otherwise.
   */
  static Api.Response eventually(
      Supplier<Api.Response> call, Predicate<Api.Response> done, String what) {
    return await(what)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(call::get, done);
  }
}
