package dev.solid.messaging.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/analytics/messages}: the periods in order, and the range's totals. */
public record MessageReport(
    String interval, LocalDate from, LocalDate to, List<MessagePeriod> periods) {

  @JsonProperty("object")
  public String object() {
    return "message_report";
  }

  @JsonProperty("totals")
  public Totals totals() {
    Map<String, ChannelCounts> channels = new LinkedHashMap<>();
    MessageAnalytics.CHANNELS.forEach(channel -> channels.put(channel, ChannelCounts.ZERO));
    for (MessagePeriod period : periods) {
      period
          .channels()
          .forEach((channel, counts) -> channels.merge(channel, counts, ChannelCounts::plus));
    }
    ChannelCounts all = channels.values().stream().reduce(ChannelCounts.ZERO, ChannelCounts::plus);
    return new Totals(all.sent(), all.received(), all.failed(), channels);
  }

  /** Sums over every period, overall and per channel. */
  public record Totals(
      long sent, long received, long failed, Map<String, ChannelCounts> channels) {}
}
