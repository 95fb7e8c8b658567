package dev.solid.messaging.contact;

import java.util.List;
import java.util.Map;

/** A contact as crm last published it; read-only here. */
public record ProjectedContact(
    long id,
    String name,
    String firstName,
    String lastName,
    String username,
    String email,
    String phone,
    Long telegramId,
    List<String> tags,
    Map<String, Object> customFields) {

  /**
   * Where a message on the channel goes: the phone for sms; for Telegram the user id (the chat id
   * of the user's private chat with the bot, which a bot can always address once the user wrote to
   * it), else the username.
   */
  public String address(boolean sms) {
    if (sms) {
      return phone;
    }
    return telegramId != null ? telegramId.toString() : username;
  }
}
