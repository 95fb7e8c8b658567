package dev.solid.messaging.broadcast;

import java.util.List;

/** Body of {@code POST /api/v1/messages/broadcast}: recipients by tag or by contact ids. */
public record BroadcastRequest(Long accountId, String text, String tag, List<Long> contactIds) {}
