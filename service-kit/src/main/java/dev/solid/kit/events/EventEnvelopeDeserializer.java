package dev.solid.kit.events;

import dev.solid.common.event.EventEnvelope;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import org.jboss.logging.Logger;

/**
 * Kafka value deserializer of every domain topic: the record becomes an {@link EventEnvelope}, read
 * by the platform's one Jackson configuration. A record that is not an envelope (unreadable JSON,
 * or missing id, type, company or mode) can never be applied: it is logged with its topic and
 * becomes a null payload, which {@link EventConsumption} skips, instead of failing the channel.
 *
 * <p>Set on a channel with {@code
 * value.deserializer=dev.solid.kit.events.EventEnvelopeDeserializer}.
 */
public class EventEnvelopeDeserializer extends ObjectMapperDeserializer<EventEnvelope> {
  private static final Logger LOG = Logger.getLogger(EventEnvelopeDeserializer.class);

  public EventEnvelopeDeserializer() {
    super(EventEnvelope.class);
  }

  @Override
  public EventEnvelope deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      EventEnvelope event = super.deserialize(topic, data);
      if (isEnvelope(event)) {
        return event;
      }
      LOG.warnf(
          "Skipping a record on %s that is not an event envelope (no id, type, time or company)",
          topic);
    } catch (RuntimeException e) {
      LOG.warnf("Skipping an unreadable record on %s: %s", topic, e.getMessage());
    }
    return null;
  }

  static boolean isEnvelope(EventEnvelope event) {
    return event != null
        && event.id() != null
        && !event.id().isBlank()
        && event.event() != null
        && event.createdAt() != null
        // company_id is a primitive: a record without it reads as 0, which no company has.
        && event.companyId() > 0;
  }
}
