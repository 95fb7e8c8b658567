package dev.solid.messaging.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One sequence in the report. {@code enrolled}: enrollments created in the range; {@code active},
 * {@code paused}, {@code completed}, {@code stopped}: where those enrollments stand now (they add
 * up to {@code enrolled}); {@code stopped_by_reply}: those of them stopped because the contact
 * replied; {@code messages_sent}/{@code messages_failed}: messages its steps queued in the range
 * that are now sent or failed.
 */
public record SequenceStats(
    long sequenceId,
    String name,
    long enrolled,
    long active,
    long paused,
    long completed,
    long stopped,
    long stoppedByReply,
    long messagesSent,
    long messagesFailed) {

  /** {@code stopped_by_reply / enrolled}, rounded half up to 4 decimals; 0 when none enrolled. */
  @JsonProperty("reply_rate")
  public BigDecimal replyRate() {
    return rate(stoppedByReply, enrolled);
  }

  static BigDecimal rate(long part, long whole) {
    return whole == 0
        ? BigDecimal.ZERO.setScale(4)
        : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
  }
}
