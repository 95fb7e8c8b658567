package dev.solid.messaging.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code GET /api/v1/analytics/sequences}: every sequence of the tenant in id order (at most {@link
 * SequenceAnalytics#MAX_SEQUENCES}; {@code truncated} when there are more), and the sums.
 */
public record SequenceReport(
    LocalDate from, LocalDate to, List<SequenceStats> sequences, boolean truncated) {

  @JsonProperty("object")
  public String object() {
    return "sequence_report";
  }

  @JsonProperty("totals")
  public Totals totals() {
    long enrolled = sum(SequenceStats::enrolled);
    long replied = sum(SequenceStats::stoppedByReply);
    return new Totals(
        enrolled,
        sum(SequenceStats::active),
        sum(SequenceStats::paused),
        sum(SequenceStats::completed),
        sum(SequenceStats::stopped),
        replied,
        SequenceStats.rate(replied, enrolled),
        sum(SequenceStats::messagesSent),
        sum(SequenceStats::messagesFailed));
  }

  private long sum(ToLongFunction<SequenceStats> field) {
    return sequences.stream().mapToLong(field).sum();
  }

  /** Sums over the listed sequences; {@code reply_rate} of the sums. */
  public record Totals(
      long enrolled,
      long active,
      long paused,
      long completed,
      long stopped,
      long stoppedByReply,
      BigDecimal replyRate,
      long messagesSent,
      long messagesFailed) {}
}
