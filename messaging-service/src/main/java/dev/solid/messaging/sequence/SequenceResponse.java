package dev.solid.messaging.sequence;

import java.time.Instant;
import java.util.List;

/** A drip sequence as the API shows it. */
public record SequenceResponse(
    long id,
    String name,
    boolean stopOnReply,
    List<StepRequest> steps,
    boolean livemode,
    Instant createdAt) {}
