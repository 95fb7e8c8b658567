package dev.solid.messaging.contact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
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

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** From crm's contact JSON, as its events and its API carry it. */
  public static ProjectedContact fromJson(JsonNode data, ObjectMapper json) {
    List<String> tags = new ArrayList<>();
    data.path("tags").forEach(t -> tags.add(t.asText()));
    Map<String, Object> custom =
        data.path("custom_fields").isObject()
            ? json.convertValue(data.path("custom_fields"), MAP)
            : Map.of();
    return new ProjectedContact(
        data.path("id").asLong(),
        text(data, "name"),
        text(data, "first_name"),
        text(data, "last_name"),
        text(data, "username"),
        text(data, "email"),
        text(data, "phone"),
        data.path("telegram_id").isIntegralNumber() ? data.path("telegram_id").asLong() : null,
        tags,
        custom);
  }

  private static String text(JsonNode data, String field) {
    JsonNode v = data.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
