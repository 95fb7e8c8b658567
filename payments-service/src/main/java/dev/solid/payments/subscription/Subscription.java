package dev.solid.payments.subscription;

import java.time.Instant;

/** A subscription as stored. Times are in its own time (its test clock's, or real time). */
public record Subscription(
    long id,
    long companyId,
    boolean livemode,
    long contactId,
    long planId,
    String status,
    String paymentMethod,
    Long testClockId,
    Instant billingCycleAnchor,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    Instant trialStart,
    Instant trialEnd,
    boolean trialWillEndSent,
    boolean cancelAtPeriodEnd,
    Instant canceledAt,
    Instant endedAt,
    String dunningFinalStatus,
    int dunningAttempts,
    Instant dunningStartedAt,
    Long latestInvoiceId,
    Instant stepAt,
    Instant nextActionAt,
    Instant startedAt,
    Instant createdAt,
    Instant updatedAt) {

  public static final String TRIALING = "trialing";
  public static final String ACTIVE = "active";
  public static final String INCOMPLETE = "incomplete";
  public static final String INCOMPLETE_EXPIRED = "incomplete_expired";
  public static final String PAST_DUE = "past_due";
  public static final String CANCELED = "canceled";
  public static final String UNPAID = "unpaid";

  /** Whether nothing more will ever happen to it. */
  public boolean ended() {
    return CANCELED.equals(status) || INCOMPLETE_EXPIRED.equals(status) || UNPAID.equals(status);
  }

  /** A copy to change: the scheduler and the API edit a subscription through it. */
  public Builder edit() {
    Builder b = new Builder();
    b.id = id;
    b.companyId = companyId;
    b.livemode = livemode;
    b.contactId = contactId;
    b.planId = planId;
    b.status = status;
    b.paymentMethod = paymentMethod;
    b.testClockId = testClockId;
    b.billingCycleAnchor = billingCycleAnchor;
    b.currentPeriodStart = currentPeriodStart;
    b.currentPeriodEnd = currentPeriodEnd;
    b.trialStart = trialStart;
    b.trialEnd = trialEnd;
    b.trialWillEndSent = trialWillEndSent;
    b.cancelAtPeriodEnd = cancelAtPeriodEnd;
    b.canceledAt = canceledAt;
    b.endedAt = endedAt;
    b.dunningFinalStatus = dunningFinalStatus;
    b.dunningAttempts = dunningAttempts;
    b.dunningStartedAt = dunningStartedAt;
    b.latestInvoiceId = latestInvoiceId;
    b.stepAt = stepAt;
    b.nextActionAt = nextActionAt;
    b.startedAt = startedAt;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    return b;
  }

  /** Mutable copy of a subscription. */
  public static final class Builder {
    public long id;
    public long companyId;
    public boolean livemode;
    public long contactId;
    public long planId;
    public String status;
    public String paymentMethod;
    public Long testClockId;
    public Instant billingCycleAnchor;
    public Instant currentPeriodStart;
    public Instant currentPeriodEnd;
    public Instant trialStart;
    public Instant trialEnd;
    public boolean trialWillEndSent;
    public boolean cancelAtPeriodEnd;
    public Instant canceledAt;
    public Instant endedAt;
    public String dunningFinalStatus;
    public int dunningAttempts;
    public Instant dunningStartedAt;
    public Long latestInvoiceId;
    public Instant stepAt;
    public Instant nextActionAt;
    public Instant startedAt;
    public Instant createdAt;
    public Instant updatedAt;

    public Subscription build() {
      return new Subscription(
          id,
          companyId,
          livemode,
          contactId,
          planId,
          status,
          paymentMethod,
          testClockId,
          billingCycleAnchor,
          currentPeriodStart,
          currentPeriodEnd,
          trialStart,
          trialEnd,
          trialWillEndSent,
          cancelAtPeriodEnd,
          canceledAt,
          endedAt,
          dunningFinalStatus,
          dunningAttempts,
          dunningStartedAt,
          latestInvoiceId,
          stepAt,
          nextActionAt,
          startedAt,
          createdAt,
          updatedAt);
    }
  }
}
