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
  // CRM depth (solid.crm.events.v1).
  public static final String DEAL_CREATED = "deal.created";
  public static final String DEAL_UPDATED = "deal.updated";
  public static final String DEAL_STAGE_CHANGED = "deal.stage_changed";
  public static final String DEAL_WON = "deal.won";
  public static final String DEAL_LOST = "deal.lost";
  public static final String DEAL_DELETED = "deal.deleted";
  public static final String PIPELINE_UPDATED = "pipeline.updated";
  public static final String ACTIVITY_LOGGED = "activity.logged";
  public static final String TASK_CREATED = "task.created";
  public static final String TASK_COMPLETED = "task.completed";
  // Payments (solid.payments.events.v1), Stripe's spelling ("canceled").
  public static final String ORDER_CREATED = "order.created";
  public static final String ORDER_PAID = "order.paid";
  public static final String ORDER_REFUNDED = "order.refunded";
  public static final String ORDER_CANCELED = "order.canceled";
  public static final String PAYMENT_SUCCEEDED = "payment.succeeded";
  public static final String PAYMENT_FAILED = "payment.failed";
  public static final String REFUND_CREATED = "refund.created";
  public static final String INVOICE_CREATED = "invoice.created";
  public static final String INVOICE_FINALIZED = "invoice.finalized";
  public static final String INVOICE_PAID = "invoice.paid";
  public static final String INVOICE_PAYMENT_FAILED = "invoice.payment_failed";
  public static final String INVOICE_VOIDED = "invoice.voided";
  public static final String INVOICE_MARKED_UNCOLLECTIBLE = "invoice.marked_uncollectible";
  public static final String PAYMENT_LINK_CREATED = "payment_link.created";
  public static final String PAYMENT_LINK_COMPLETED = "payment_link.completed";
  public static final String SUBSCRIPTION_CREATED = "subscription.created";
  public static final String SUBSCRIPTION_TRIAL_WILL_END = "subscription.trial_will_end";
  public static final String SUBSCRIPTION_RENEWED = "subscription.renewed";
  public static final String SUBSCRIPTION_DOWNGRADED = "subscription.downgraded";
  public static final String SUBSCRIPTION_PAST_DUE = "subscription.past_due";
  public static final String SUBSCRIPTION_CANCELED = "subscription.canceled";
  public static final String COMMISSION_CREATED = "commission.created";
  public static final String COMMISSION_REVERSED = "commission.reversed";
  public static final String WEBHOOK_TEST = "webhook.test";
  public static final String WEBHOOK_DISABLED = "webhook.disabled";

  /**
   * Every published type, the one list webhook endpoints subscribe from. Deal names are reserved
   * for the domain still to be built.
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
          DEAL_CREATED,
          DEAL_UPDATED,
          DEAL_STAGE_CHANGED,
          DEAL_WON,
          DEAL_LOST,
          DEAL_DELETED,
          PIPELINE_UPDATED,
          ACTIVITY_LOGGED,
          TASK_CREATED,
          TASK_COMPLETED,
          ORDER_CREATED,
          ORDER_PAID,
          ORDER_REFUNDED,
          ORDER_CANCELED,
          PAYMENT_SUCCEEDED,
          PAYMENT_FAILED,
          REFUND_CREATED,
          INVOICE_CREATED,
          INVOICE_FINALIZED,
          INVOICE_PAID,
          INVOICE_PAYMENT_FAILED,
          INVOICE_VOIDED,
          INVOICE_MARKED_UNCOLLECTIBLE,
          PAYMENT_LINK_CREATED,
          PAYMENT_LINK_COMPLETED,
          SUBSCRIPTION_CREATED,
          SUBSCRIPTION_TRIAL_WILL_END,
          SUBSCRIPTION_RENEWED,
          SUBSCRIPTION_UPGRADED,
          SUBSCRIPTION_DOWNGRADED,
          SUBSCRIPTION_PAST_DUE,
          SUBSCRIPTION_CANCELED,
          COMMISSION_CREATED,
          COMMISSION_REVERSED,
          WEBHOOK_TEST,
          WEBHOOK_DISABLED);

  private EventTypes() {}
}
