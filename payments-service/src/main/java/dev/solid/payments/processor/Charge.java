package dev.solid.payments.processor;

import java.util.Map;

/**
 * One charge asked of a processor. {@code idempotencyKey} is derived from the payment row, so
 * asking again (a retry, the recovery job) never charges twice: the processor answers the first
 * outcome.
 */
public record Charge(
    String idempotencyKey,
    long amount,
    String currency,
    String paymentMethod,
    String description,
    Map<String, String> metadata) {}
