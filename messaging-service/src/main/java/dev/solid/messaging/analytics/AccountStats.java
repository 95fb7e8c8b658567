package dev.solid.messaging.analytics;

import java.util.List;

/**
 * One sender account in the report. {@code sent}/{@code failed}: outbound messages created in the
 * range that are now sent or failed; {@code received}: inbound messages received in the range;
 * {@code used_today}/{@code daily_cap}: sends counted against today's (UTC) cap, whatever the
 * range; {@code failure_reasons}: the most frequent reasons of those failed messages, by code.
 */
public record AccountStats(
    long accountId,
    String channel,
    String sender,
    long sent,
    long failed,
    long received,
    long usedToday,
    long dailyCap,
    List<FailureReason> failureReasons) {

  /** A failure reason's code (the stored reason up to its first colon) and how often it came. */
  public record FailureReason(String reason, long count) {}
}
