package dev.solid.webhooks.endpoint;

import dev.solid.common.event.EventTypes;
import java.util.List;
import java.util.Set;

/**
 * The event types an endpoint may subscribe to: the seed's types from {@link EventTypes} plus the
 * domain events of deals, orders, invoices, payments and the dispatcher's own. {@code "*"} means
 * every event. Kept here rather than in common so this list can grow with the dispatcher; the names
 * follow {@code resource.action} and never change once published.
 */
public final class EventCatalog {
  public static final String WILDCARD = "*";
  public static final String WEBHOOK_TEST = "webhook.test";
  public static final String WEBHOOK_DISABLED = "webhook.disabled";

  public static final List<String> ALL =
      List.of(
          EventTypes.CONTACT_CREATED,
          EventTypes.CONTACT_UPDATED,
          EventTypes.CONTACT_DELETED,
          EventTypes.CONTACT_TAGGED,
          EventTypes.LEAD_SCORED,
          EventTypes.MESSAGE_SENT,
          EventTypes.MESSAGE_RECEIVED,
          EventTypes.MESSAGE_FAILED,
          EventTypes.SEQUENCE_STARTED,
          EventTypes.SEQUENCE_PAUSED,
          EventTypes.SEQUENCE_COMPLETED,
          EventTypes.JOB_COMPLETED,
          EventTypes.SUBSCRIPTION_UPGRADED,
          "deal.created",
          "deal.updated",
          "deal.stage_changed",
          "deal.won",
          "deal.lost",
          "deal.deleted",
          "order.created",
          "order.updated",
          "order.paid",
          "order.cancelled",
          "invoice.created",
          "invoice.finalized",
          "invoice.sent",
          "invoice.paid",
          "invoice.voided",
          "payment.succeeded",
          "payment.failed",
          "payment.refunded",
          "payment_link.created",
          "subscription.created",
          "subscription.updated",
          "subscription.cancelled",
          WEBHOOK_TEST,
          WEBHOOK_DISABLED);

  private static final Set<String> KNOWN = Set.copyOf(ALL);

  private EventCatalog() {}

  public static boolean isKnown(String type) {
    return KNOWN.contains(type);
  }
}
