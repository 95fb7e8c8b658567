package dev.solid.messaging.analytics;

/** Sent and failed outbound, and received inbound, messages. */
public record ChannelCounts(long sent, long received, long failed) {
  public static final ChannelCounts ZERO = new ChannelCounts(0, 0, 0);

  public ChannelCounts plus(ChannelCounts other) {
    return new ChannelCounts(sent + other.sent, received + other.received, failed + other.failed);
  }
}
