package dev.solid.messaging.sequence;

import java.util.List;

/** Body of {@code POST /api/v1/sequences} (owner only). {@code stop_on_reply} defaults to true. */
public record SequenceRequest(String name, Boolean stopOnReply, List<StepRequest> steps) {}
