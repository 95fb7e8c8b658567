package dev.solid.payments.subscription;

/** {@code POST …/cancel}: now (default), or at the end of the current period. */
public record CancelRequest(Boolean atPeriodEnd) {}
