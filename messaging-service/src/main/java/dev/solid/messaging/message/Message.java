package dev.solid.messaging.message;

import dev.solid.common.caller.Tenant;
import java.time.Instant;

/** A message row: outbound (queued → sending → sent | failed) or inbound (received). */
public record Message(
    String id,
    Tenant tenant,
    long accountId,
    String channel,
    String direction,
    String counterpart,
    Long contactId,
    String text,
    String status,
    String failureReason,
    int attempts,
    String providerMessageId,
    String jobId,
    Long enrollmentId,
    Instant createdAt,
    Instant sentAt) {

  public static final String OUTBOUND = "outbound";
  public static final String INBOUND = "inbound";
  public static final String QUEUED = "queued";
  public static final String SENDING = "sending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";
  public static final String RECEIVED = "received";
}
