package dev.solid.messaging.analytics;

import static dev.solid.messaging.support.MessagingApi.awaitFinal;
import static dev.solid.messaging.support.MessagingApi.post;

import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.support.MessagingApi;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * Seeding for the analytics tests. Everything goes through the API; only what the API cannot do on
 * demand is set in SQL afterwards: a provider failure (test mode never calls a provider, so every
 * test-mode send ends sent) and a creation time in the past (to fill chosen periods).
 */
final class AnalyticsFixtures {
  private AnalyticsFixtures() {}

  /** A test- or live-mode key with the messaging scopes and read:analytics. */
  static String analyticsKey(long company, boolean livemode) {
    return TestTokens.apiKey(
        company, livemode, "read:messages", "write:messages", "manage:sequences", "read:analytics");
  }

  /** Sends one message through the API and waits until it is sent; returns its id. */
  static String sent(String token, long account, String to) {
    String id =
        post(
                token,
                "/api/v1/messages/send",
                "{\"account_id\":" + account + ",\"to\":\"" + to + "\",\"text\":\"hello\"}")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");
    awaitFinal(token, id);
    return id;
  }

  /** Turns a sent message into a failed one with the given reason, as a provider refusal would. */
  static void fail(String messageId, String reason) throws Exception {
    sql(
        "UPDATE messaging.messages SET status = 'failed', failure_reason = ?, sent_at = NULL"
            + " WHERE id = ?",
        reason,
        messageId);
  }

  /** Moves a message's creation time, e.g. {@code "2026-01-14T10:00:00Z"}. */
  static void createdAt(String messageId, String timestamp) throws Exception {
    sql(
        "UPDATE messaging.messages SET created_at = ?::timestamptz WHERE id = ?",
        timestamp,
        messageId);
  }

  static int sql(String sql, Object... params) throws Exception {
    try (Connection c = MessagingApi.jdbc();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }
}
