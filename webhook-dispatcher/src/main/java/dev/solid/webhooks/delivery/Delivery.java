package dev.solid.webhooks.delivery;

import java.time.OffsetDateTime;

/** A delivery of one event to one endpoint, as stored. */
public record Delivery(
    long id,
    long endpointId,
    String eventId,
    String eventType,
    byte[] payload,
    String status,
    int attemptCount,
    int maxAttempts,
    OffsetDateTime nextAttemptAt,
    String lastError,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
