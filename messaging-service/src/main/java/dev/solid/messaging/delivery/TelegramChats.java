package dev.solid.messaging.delivery;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Username → chat id of the Telegram users who wrote to an account's bot
 * (messaging.telegram_chats). A bot can reach a user only through that id, so a send to "@name" is
 * resolved here.
 */
@ApplicationScoped
public class TelegramChats {

  /** Remembers (or updates) the chat id of a username, from a verified inbound update. */
  public Uni<Void> remember(
      SqlClient db, Tenant tenant, long accountId, String username, long chatId) {
    return TenantSql.run(
            db,
            tenant,
            "INSERT INTO messaging.telegram_chats (company_id, livemode, account_id, username,"
                + " chat_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, username)"
                + " DO UPDATE SET chat_id = EXCLUDED.chat_id, updated_at = now()",
            accountId,
            normalise(username),
            chatId)
        .replaceWithVoid();
  }

  /** The chat id of the username for the account, or null when that user never wrote to it. */
  public Uni<Long> chatId(SqlClient db, Tenant tenant, long accountId, String username) {
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT chat_id FROM messaging.telegram_chats WHERE company_id = $1 AND livemode = $2"
            + " AND account_id = $3 AND username = $4",
        accountId,
        normalise(username));
  }

  private static String normalise(String username) {
    String u = username.strip();
    return (u.startsWith("@") ? u.substring(1) : u).toLowerCase(Locale.ROOT);
  }
}
