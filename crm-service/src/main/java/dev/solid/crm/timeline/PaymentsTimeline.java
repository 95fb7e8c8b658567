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
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Projects payments' order events ({@code order.created}, {@code order.paid}, {@code
 * order.refunded}, {@code order.canceled}) and failed charges ({@code payment.failed}) into the
 * timeline of the order's contact. An order names its contact ({@code contact_id}); a payment names
 * only its order, so its contact is the one of that order's projected entries. One company's events
 * arrive in order on one partition, so an order's {@code order.created} is projected before its
 * payments. An order without a contact, and a payment of an invoice or of an order crm never saw
 * with a contact, belong to no timeline and are skipped. A succeeded payment shows as its order's
 * {@code order.paid}, so it is not shown twice. Applied once per event id through the kit.
 */
@ApplicationScoped
public class PaymentsTimeline {
  private static final Logger LOG = Logger.getLogger(PaymentsTimeline.class);
  private static final String CONSUMER = "timeline-payments";
  private static final Set<String> ORDER_EVENTS =
      Set.of(
          EventTypes.ORDER_CREATED,
          EventTypes.ORDER_PAID,
          EventTypes.ORDER_REFUNDED,
          EventTypes.ORDER_CANCELED);

  private final TimelineEntryRepository entries;
  private final EventConsumption consumption;
  private final ProcessedEvents processed;
  private final ObjectMapper json;

  public PaymentsTimeline(
      TimelineEntryRepository entries,
      EventConsumption consumption,
      ProcessedEvents processed,
      ObjectMapper json) {
    this.entries = entries;
    this.consumption = consumption;
    this.processed = processed;
    this.json = json;
  }

  @Incoming("payments-timeline")
  public Uni<Void> onEvent(EventEnvelope event) {
    if (event == null || event.data() == null) {
      return Uni.createFrom().voidItem();
    }
    Tenant tenant = new Tenant(event.companyId(), event.livemode());
    if (ORDER_EVENTS.contains(event.event())) {
      Order order = read(event, Order.class);
      if (order == null || order.id() == null || order.contactId() == null) {
        return Uni.createFrom().voidItem();
      }
      return SessionEventConsumption.once(
          consumption,
          processed,
          CONSUMER,
          event,
          () -> entries.persist(tenant, orderEntry(event, order)).replaceWithVoid());
    }
    if (EventTypes.PAYMENT_FAILED.equals(event.event())) {
      Payment payment = read(event, Payment.class);
      if (payment == null || payment.id() == null || payment.orderId() == null) {
        return Uni.createFrom().voidItem();
      }
      return SessionEventConsumption.once(
          consumption, processed, CONSUMER, event, () -> projectPayment(tenant, event, payment));
    }
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> projectPayment(Tenant tenant, EventEnvelope event, Payment payment) {
    return entries
        .anyAbout(tenant, "order", payment.orderId().toString())
        .chain(
            order -> {
              if (order == null) {
                return Uni.createFrom().voidItem();
              }
              TimelineEntry entry =
                  new TimelineEntry(
                      order.getContactId(),
                      event.event(),
                      micros(first(payment.updatedAt(), event.createdAt())),
                      TimelineSummaries.paymentFailed(
                          payment.orderId(),
                          payment.amount(),
                          payment.currency(),
                          payment.failureMessage()),
                      "payment",
                      payment.id().toString(),
                      event.id(),
                      micros(Instant.now()));
              return entries.persist(tenant, entry).replaceWithVoid();
            });
  }

  private static TimelineEntry orderEntry(EventEnvelope event, Order order) {
    Instant occurred;
    String summary;
    switch (event.event()) {
      case EventTypes.ORDER_CREATED -> {
        occurred = first(order.createdAt(), event.createdAt());
        summary = TimelineSummaries.order(order.id(), "created", order.amount(), order.currency());
      }
      case EventTypes.ORDER_PAID -> {
        occurred = first(order.paidAt(), event.createdAt());
        summary = TimelineSummaries.order(order.id(), "paid", order.amount(), order.currency());
      }
      case EventTypes.ORDER_REFUNDED -> {
        occurred = first(order.updatedAt(), event.createdAt());
        summary =
            TimelineSummaries.order(
                order.id(), "refunded", order.amountRefunded(), order.currency());
      }
      default -> {
        occurred = first(order.canceledAt(), event.createdAt());
        summary = TimelineSummaries.orderCanceled(order.id());
      }
    }
    return new TimelineEntry(
        order.contactId(),
        event.event(),
        micros(occurred),
        summary,
        "order",
        order.id().toString(),
        event.id(),
        micros(Instant.now()));
  }

  private <T> T read(EventEnvelope event, Class<T> type) {
    try {
      return json.convertValue(event.data(), type);
    } catch (IllegalArgumentException e) {
      // Not what payments publishes; it would fail the same way on every attempt.
      LOG.warnf("Skipping %s: its data is not a %s: %s", event.id(), event.event(), e.getMessage());
      return null;
    }
  }

  private static Instant first(Instant preferred, Instant fallback) {
    return preferred != null ? preferred : fallback != null ? fallback : Instant.now();
  }

  private static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /** {@code data} of an order event: the order as payments' API answers it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Order(
      Long id,
      Long contactId,
      long amount,
      String currency,
      long amountRefunded,
      Instant createdAt,
      Instant updatedAt,
      Instant paidAt,
      Instant canceledAt) {}

  /** {@code data} of a payment event: the payment as payments' API answers it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Payment(
      Long id,
      Long orderId,
      long amount,
      String currency,
      String failureMessage,
      Instant updatedAt) {}
}
