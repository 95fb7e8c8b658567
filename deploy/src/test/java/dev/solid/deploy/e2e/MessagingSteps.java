package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
   * stack), and returns that answer; fails with the last answer otherwise.
   */
  static Api.Response eventually(
      Supplier<Api.Response> call, Predicate<Api.Response> done, String what) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    Api.Response last = call.get();
    while (!done.test(last)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(what + " within 60 s; last answer: " + last);
      }
      Thread.sleep(250);
      last = call.get();
    }
    return last;
  }
}
