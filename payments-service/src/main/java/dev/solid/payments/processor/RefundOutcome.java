package dev.solid.payments.processor;

/** What a processor answered to a refund. */
public record RefundOutcome(boolean succeeded, String processorId, String message) {}
