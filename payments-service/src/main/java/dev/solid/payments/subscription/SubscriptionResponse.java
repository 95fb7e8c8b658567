package dev.solid.payments.subscription;

import java.time.Instant;

/**
 * A subscription as the API answers it ({@code object: "subscription"}). Times are ISO-8601 like
 * every time of this API, in the subscription's own time (its test clock's, when it has one).
 */
public record SubscriptionResponse(
    long id,
    String object,
    boolean livemode,
    long contactId,
    long planId,
    Plan plan,
    String status,
    String paymentMethod,
    Long testClock,
    Instant billingCycleAnchor,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    Instant trialStart,
    Instant trialEnd,
    boolean cancelAtPeriodEnd,
    Instant canceledAt,
    Instant endedAt,
    Long latestInvoiceId,
    int dunningAttempts,
    Instant nextPaymentAttempt,
    String dunningFinalStatus,
    Instant startDate,
    Instant createdAt) {

  public static SubscriptionResponse of(Subscription s, Plan plan) {
    return new SubscriptionResponse(
        s.id(),
        "subscription",
        s.livemode(),
        s.contactId(),
        s.planId(),
        plan,
        s.status(),
        s.paymentMethod(),
        s.testClockId(),
        s.billingCycleAnchor(),
        s.currentPeriodStart(),
        s.currentPeriodEnd(),
        s.trialStart(),
        s.trialEnd(),
        s.cancelAtPeriodEnd(),
        s.canceledAt(),
        s.endedAt(),
        s.latestInvoiceId(),
        s.dunningAttempts(),
        Subscription.PAST_DUE.equals(s.status()) ? s.nextActionAt() : null,
        s.dunningFinalStatus(),
        s.startedAt(),
        s.createdAt());
  }
}
