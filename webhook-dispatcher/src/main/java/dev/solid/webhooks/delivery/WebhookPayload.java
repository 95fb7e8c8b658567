package dev.solid.webhooks.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.event.EventEnvelope;

/**
 * The body of a delivery: exactly {@code {"event","id","created_at","data"}} in that order, built
 * once per event from the envelope (its tenant stays out: the receiver knows whose endpoint it is).
 * The bytes are stored, so every attempt and replay sends them unchanged and signatures over them
 * stay verifiable.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  public static byte[] of(ObjectMapper json, EventEnvelope event) {
    ObjectNode body = json.createObjectNode();
    body.put("event", event.event());
    body.put("id", event.id());
    body.set("created_at", json.valueToTree(event.createdAt()));
    body.set(
        "data", event.data() == null ? json.createObjectNode() : json.valueToTree(event.data()));
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
