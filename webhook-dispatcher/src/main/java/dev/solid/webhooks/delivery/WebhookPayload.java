package dev.solid.webhooks.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a delivery: exactly {@code {"event","id","created_at","data"}} in that order, built
 * once per event from the envelope. The bytes are stored, so every attempt and replay sends them
 * unchanged and signatures over them stay verifiable.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  public static byte[] of(ObjectMapper json, JsonNode envelope) {
    ObjectNode body = json.createObjectNode();
    body.set("event", envelope.get("event"));
    body.set("id", envelope.get("id"));
    body.set("created_at", envelope.get("created_at"));
    JsonNode data = envelope.get("data");
    body.set("data", data == null || data.isNull() ? json.createObjectNode() : data);
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
