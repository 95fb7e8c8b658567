package dev.solid.messaging.broadcast;

import java.time.Instant;

/** A bulk job and its progress: {@code sent + failed} of {@code total} messages are done. */
public record JobResponse(
    String id,
    String kind,
    String status,
    int total,
    int sent,
    int failed,
    boolean livemode,
    Instant createdAt,
    Instant completedAt) {}
