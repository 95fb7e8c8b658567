package dev.solid.messaging.sequence;

import java.time.Instant;

/** A contact's progress through a sequence: active, paused, completed or stopped. */
public record EnrollmentResponse(
    long id,
    long sequenceId,
    long contactId,
    String status,
    int nextStep,
    Instant nextStepAt,
    String stopReason,
    boolean livemode,
    Instant createdAt) {}
