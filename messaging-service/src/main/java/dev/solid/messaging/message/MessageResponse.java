package dev.solid.messaging.message;

import java.time.Instant;

/** A message as the API and the message.* events show it. */
public record MessageResponse(
    String id,
    long accountId,
    String channel,
    String direction,
    String to,
    String from,
    Long contactId,
    String text,
    String status,
    String failureReason,
    String jobId,
    Long enrollmentId,
    boolean livemode,
    Instant createdAt,
    Instant sentAt) {

  public static MessageResponse from(Message m) {
    boolean outbound = Message.OUTBOUND.equals(m.direction());
    return new MessageResponse(
        m.id(),
        m.accountId(),
        m.channel(),
        m.direction(),
        outbound ? m.counterpart() : null,
        outbound ? null : m.counterpart(),
        m.contactId(),
        m.text(),
        m.status(),
        m.failureReason(),
        m.jobId(),
        m.enrollmentId(),
        m.tenant().livemode(),
        m.createdAt(),
        m.sentAt());
  }
}
