package dev.solid.common.event;

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

  private EventTypes() {}
}
