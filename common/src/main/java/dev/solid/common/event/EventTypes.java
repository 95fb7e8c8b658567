package dev.solid.common.event;

import java.util.List;

/** Event type names, as the seeds publish them. Names never change once published. */
public final class EventTypes {
  public static final String CONTACT_CREATED = "contact.created";
  public static final String CONTACT_UPDATED = "contact.updated";
  public static final String CONTACT_DELETED = "contact.deleted";
  public static final String CONTACT_TAGGED = "contact.tagged";
  public static final String LEAD_SCORED = "lead.scored";
  public static final String MESSAGE_SENT = "message.sent";
  public static final String MESSAGE_RECEIVED = "message.received";
  public static final String MESSAGE_FAILED = "message.failed";
  public static final String SEQUENCE_STARTED = "sequence.started";
  public static final String SEQUENCE_PAUSED = "sequence.paused";
  public static final String SEQUENCE_RESUMED = "sequence.resumed";
  public static final String SEQUENCE_STOPPED = "sequence.stopped";
  public static final String SEQUENCE_COMPLETED = "sequence.completed";
  public static final String JOB_COMPLETED = "job.completed";
  public static final String SUBSCRIPTION_UPGRADED = "subscription.upgraded";
  public static final String WEBHOOK_TEST = "webhook.test";
  public static final String WEBHOOK_DISABLED = "webhook.disabled";

  /**
   * Every published type, the one list webhook endpoints subscribe from. Deal, order, invoice and
   * payment names are reserved for the domains still to be built.
   */
  public static final List<String> ALL =
      List.of(
          CONTACT_CREATED,
          CONTACT_UPDATED,
          CONTACT_DELETED,
          CONTACT_TAGGED,
          LEAD_SCORED,
          MESSAGE_SENT,
          MESSAGE_RECEIVED,
          MESSAGE_FAILED,
          SEQUENCE_STARTED,
          SEQUENCE_PAUSED,
          SEQUENCE_RESUMED,
          SEQUENCE_STOPPED,
          SEQUENCE_COMPLETED,
          JOB_COMPLETED,
          SUBSCRIPTION_UPGRADED,
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

  private EventTypes() {}
}
