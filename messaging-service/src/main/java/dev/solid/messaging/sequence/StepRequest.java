package dev.solid.messaging.sequence;

/** One step of a sequence: wait {@code delay_seconds} after the previous step, then send. */
public record StepRequest(Long delaySeconds, Long accountId, String template) {}
