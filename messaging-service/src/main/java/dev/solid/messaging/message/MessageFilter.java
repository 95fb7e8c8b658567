package dev.solid.messaging.message;

/** Filters of {@code GET /api/v1/messages}; null means "any". */
public record MessageFilter(Long contactId, Long accountId, String status, String direction) {}
