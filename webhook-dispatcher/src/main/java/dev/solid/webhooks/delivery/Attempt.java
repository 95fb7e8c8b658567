package dev.solid.webhooks.delivery;

import java.time.OffsetDateTime;

/** One logged attempt of a delivery. */
public record Attempt(
    int attemptNumber,
    boolean manual,
    OffsetDateTime attemptedAt,
    Integer responseStatus,
    int latencyMs,
    String responseBody,
    String error) {}
