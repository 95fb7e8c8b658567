package dev.solid.crm.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.events.EventConsumption;
import dev.solid.kit.events.ProcessedEvents;
import dev.solid.kit.events.SessionEventConsumption;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * What moves a score, consumed from Kafka like any other event (each topic on its own channel and
 * consumer group, so scoring neither waits for nor disturbs crm's other consumers):
 *
 * <ul>
 *   <li>engagement: messaging's {@code message.received} / {@code message.sent}, crm's own {@code
 *       activity.logged} (its {@code type} is the detail) and {@code deal.created}, payments'
 *       {@code order.paid}, each naming the contact in {@code data.contact_id}. Applied exactly
 *       once per event id ({@link SessionEventConsumption}: the dedupe row commits with the
 *       engagement row and the new score), in order per company (one partition per company key).
 *   <li>the contact's own changes: crm's {@code contact.created}, {@code contact.updated} and
 *       {@code contact.tagged}. The score is recomputed right after the change commits, from the
 *       contact as it is then, rather than inside the change's transaction: the contact code stays
 *       free of scoring, and {@code lead.scored} follows the {@code contact.*} event it answers.
 *       Rescoring is idempotent, so these need no dedupe row.
 * </ul>
 *
 * A record that is not an envelope arrives as null; an event whose data is not what its producer
 * publishes is logged and skipped.
 */
@ApplicationScoped
public class EngagementSignals {
  private static final Logger LOG = Logger.getLogger(EngagementSignals.class);
  static final String CONSUMER = "lead-scoring";

  private static final Map<String, RuleType> ENGAGEMENT =
      Map.of(
          EventTypes.MESSAGE_RECEIVED, RuleType.MESSAGE_RECEIVED,
          EventTypes.MESSAGE_SENT, RuleType.MESSAGE_SENT,
          EventTypes.ACTIVITY_LOGGED, RuleType.ACTIVITY_LOGGED,
          EventTypes.DEAL_CREATED, RuleType.DEAL_CREATED,
          EventTypes.ORDER_PAID, RuleType.ORDER_PAID);

  private final LeadScoring scoring;
  private final EventConsumption consumption;
  private final ProcessedEvents processed;
  private final ObjectMapper json;

  public EngagementSignals(
      LeadScoring scoring,
      EventConsumption consumption,
      ProcessedEvents processed,
      ObjectMapper json) {
    this.scoring = scoring;
    this.consumption = consumption;
    this.processed = processed;
    this.json = json;
  }

  @Incoming("lead-scoring-messaging")
  public Uni<Void> onMessagingEvent(EventEnvelope event) {
    return engagement(event);
  }

  @Incoming("lead-scoring-payments")
  public Uni<Void> onPaymentsEvent(EventEnvelope event) {
    return engagement(event);
  }

  @Incoming("lead-scoring-crm")
  public Uni<Void> onCrmEvent(EventEnvelope event) {
    if (event != null
        && (EventTypes.CONTACT_CREATED.equals(event.event())
            || EventTypes.CONTACT_UPDATED.equals(event.event())
            || EventTypes.CONTACT_TAGGED.equals(event.event()))) {
      return contactChanged(event);
    }
    return engagement(event);
  }

  private Uni<Void> engagement(EventEnvelope event) {
    RuleType kind = event == null ? null : ENGAGEMENT.get(event.event());
    Data data = kind == null ? null : data(event);
    if (data == null || data.contactId() == null) {
      return Uni.createFrom().voidItem();
    }
    Tenant tenant = new Tenant(event.companyId(), event.livemode());
    Instant occurredAt =
        (event.createdAt() == null ? Instant.now() : event.createdAt())
            .truncatedTo(ChronoUnit.MICROS);
    String detail = kind == RuleType.ACTIVITY_LOGGED ? data.activityType() : null;
    return SessionEventConsumption.once(
        consumption,
        processed,
        CONSUMER,
        event,
        () -> scoring.engage(tenant, data.contactId(), kind, detail, occurredAt, event.id()));
  }

  private Uni<Void> contactChanged(EventEnvelope event) {
    Data data = data(event);
    Long contactId =
        data == null
            ? null
            : EventTypes.CONTACT_TAGGED.equals(event.event()) ? data.contactId() : data.numericId();
    if (contactId == null) {
      return Uni.createFrom().voidItem();
    }
    Tenant tenant = new Tenant(event.companyId(), event.livemode());
    return consumption.withRetries(
        CONSUMER,
        event,
        () -> Panache.withTransaction(() -> scoring.rescoreContact(tenant, contactId)));
  }

  private Data data(EventEnvelope event) {
    if (event.data() == null) {
      return null;
    }
    try {
      return json.convertValue(event.data(), Data.class);
    } catch (IllegalArgumentException e) {
      // Not what the producer publishes; it would fail the same way on every attempt.
      LOG.warnf("Skipping %s (%s): unexpected data: %s", event.id(), event.event(), e.getMessage());
      return null;
    }
  }

  /**
   * The part of an event's data scoring reads: the contact ({@code contact_id}; {@code id} on a
   * {@code contact.created}/{@code updated}) and an activity's {@code type}. {@code id} and {@code
   * type} are taken as any JSON value, because other events use those names for other things (a
   * message's id is text).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Data(Long contactId, Object id, Object type) {
    Long numericId() {
      return id instanceof Number number ? number.longValue() : null;
    }

    String activityType() {
      return type instanceof String text ? text : null;
    }
  }
}
