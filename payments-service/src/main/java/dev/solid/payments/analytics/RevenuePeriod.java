package dev.solid.payments.analytics;

import java.time.Instant;

/** One period of the revenue report; money in minor units of the report's currency. */
public record RevenuePeriod(
    Instant start,
    Instant end,
    long gross,
    long refunds,
    long net,
    long mrr,
    long activeSubscriptions,
    long churnedSubscriptions) {}
