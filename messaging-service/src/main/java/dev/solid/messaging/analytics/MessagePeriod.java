package dev.solid.messaging.analytics;

import java.time.Instant;
import java.util.Map;

/**
 * One period of the messages report: the counts over every channel, and per channel ({@code
 * channels.sms}, {@code channels.telegram}, always all present).
 */
public record MessagePeriod(
    Instant start,
    Instant end,
    long sent,
    long received,
    long failed,
    Map<String, ChannelCounts> channels) {

  static MessagePeriod of(Instant start, Instant end, Map<String, ChannelCounts> channels) {
    ChannelCounts all = channels.values().stream().reduce(ChannelCounts.ZERO, ChannelCounts::plus);
    return new MessagePeriod(start, end, all.sent(), all.received(), all.failed(), channels);
  }
}
