package dev.solid.crm.timeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.events.EventConsumption;
import dev.solid.kit.events.ProcessedEvents;
import dev.solid.kit.events.SessionEventConsumption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Projects messaging's {@code message.sent}, {@code message.received} and {@code message.failed}
 * into the timeline of the message's contact. Applied once per event id through the kit (the dedupe
 * row commits with the entry). A message messaging has not linked to a contact ({@code contact_id}
 * null: an unknown sender, whose contact {@code InboundContacts} creates from the same event) has
 * no timeline to go to and is skipped; a record that is not an event envelope arrives as null.
 */
@ApplicationScoped
public class MessagingTimeline {
  private static final Logger LOG = Logger.getLogger(MessagingTimeline.class);
  private static final String CONSUMER = "timeline-messages";

  private final TimelineEntryRepository entries;
  private final EventConsumption consumption;
  private final ProcessedEvents processed;
  private final ObjectMapper json;

  public MessagingTimeline(
      TimelineEntryRepository entries,
      EventConsumption consumption,
      ProcessedEvents processed,
      ObjectMapper json) {
    this.entries = entries;
    this.consumption = consumption;
    this.processed = processed;
    this.json = json;
  }

  @Incoming("messaging-timeline")
  public Uni<Void> onEvent(EventEnvelope event) {
    Message message = message(event);
    if (message == null || message.contactId() == null || message.id() == null) {
      return Uni.createFrom().voidItem();
    }
    Tenant tenant = new Tenant(event.companyId(), event.livemode());
    return SessionEventConsumption.once(
        consumption,
        processed,
        CONSUMER,
        event,
        () -> entries.persist(tenant, entry(event, message)).replaceWithVoid());
  }

  private static TimelineEntry entry(EventEnvelope event, Message message) {
    String summary =
        switch (event.event()) {
          case EventTypes.MESSAGE_SENT ->
              TimelineSummaries.messageSent(message.channel(), message.to(), message.text());
          case EventTypes.MESSAGE_RECEIVED ->
              TimelineSummaries.messageReceived(message.channel(), message.from(), message.text());
          default ->
              TimelineSummaries.messageFailed(
                  message.channel(), message.to(), message.failureReason());
        };
    Instant occurred =
        EventTypes.MESSAGE_RECEIVED.equals(event.event())
            ? first(message.createdAt(), event.createdAt())
            : first(message.sentAt(), event.createdAt());
    return new TimelineEntry(
        message.contactId(),
        event.event(),
        occurred.truncatedTo(ChronoUnit.MICROS),
        summary,
        "message",
        message.id(),
        event.id(),
        Instant.now().truncatedTo(ChronoUnit.MICROS));
  }

  /** The part of a message event the timeline reads; null for any other event. */
  private Message message(EventEnvelope event) {
    if (event == null || event.data() == null) {
      return null;
    }
    switch (event.event()) {
      case EventTypes.MESSAGE_SENT, EventTypes.MESSAGE_RECEIVED, EventTypes.MESSAGE_FAILED -> {}
      default -> {
        return null;
      }
    }
    try {
      return json.convertValue(event.data(), Message.class);
    } catch (IllegalArgumentException e) {
      // Not what messaging publishes; it would fail the same way on every attempt.
      LOG.warnf("Skipping %s: its data is not a message: %s", event.id(), e.getMessage());
      return null;
    }
  }

  private static Instant first(Instant preferred, Instant fallback) {
    return preferred != null ? preferred : fallback != null ? fallback : Instant.now();
  }

  /** {@code data} of messaging's message events: the message as its API shows it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Message(
      String id,
      String channel,
      String to,
      String from,
      Long contactId,
      String text,
      String failureReason,
      Instant createdAt,
      Instant sentAt) {}
}
