package dev.solid.payments.subscription;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.order.LineItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A subscription's state machine, as Stripe's: {@code trialing} → {@code active} (each period
 * invoiced and charged at its start) → {@code past_due} when a renewal fails, retried {@value
 * #RETRY_COUNT} times over 7 days, then {@code canceled} (or {@code unpaid}); a first charge that
 * fails leaves it {@code incomplete}, {@code incomplete_expired} after 23 hours. Every method runs
 * in a transaction holding the subscription's row lock, at the subscription's own time ({@code
 * now}: its test clock's, or real time), so a transition happens once whoever runs it.
 */
@ApplicationScoped
public class SubscriptionLifecycle {
  /** Stripe sends {@code trial_will_end} three days before the trial ends. */
  static final Duration TRIAL_NOTICE = Duration.ofDays(3);

  /** An unpaid first invoice expires the subscription after 23 hours, as Stripe's. */
  static final Duration INCOMPLETE_EXPIRY = Duration.ofHours(23);

  static final int RETRY_COUNT = 3;

  /** Retries after the first failed renewal: day 1, day 3 and day 7 (Stripe's smart retries). */
  static final List<Duration> RETRIES =
      List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));

  private final SubscriptionRepository subscriptions;
  private final PlanRepository plans;
  private final SubscriptionInvoicing invoicing;
  private final PaymentEvents events;

  public SubscriptionLifecycle(
      SubscriptionRepository subscriptions,
      PlanRepository plans,
      SubscriptionInvoicing invoicing,
      PaymentEvents events) {
    this.subscriptions = subscriptions;
    this.plans = plans;
    this.invoicing = invoicing;
    this.events = events;
  }

  /** A new subscription and, without a trial, its first invoice to charge after commit. */
  public Uni<Stepped> create(
      SqlClient tx,
      Tenant tenant,
      long contactId,
      Plan plan,
      String paymentMethod,
      int trialDays,
      Long clockId,
      String dunningFinalStatus,
      Instant now) {
    Subscription.Builder b = new Subscription.Builder();
    b.contactId = contactId;
    b.planId = plan.id();
    b.paymentMethod = paymentMethod;
    b.testClockId = clockId;
    b.dunningFinalStatus = dunningFinalStatus;
    b.startedAt = now;
    b.currentPeriodStart = now;
    if (trialDays > 0) {
      Instant trialEnd = now.plus(Duration.ofDays(trialDays));
      b.status = Subscription.TRIALING;
      b.trialStart = now;
      b.trialEnd = trialEnd;
      b.billingCycleAnchor = trialEnd;
      b.currentPeriodEnd = trialEnd;
      b.nextActionAt = max(now, trialEnd.minus(TRIAL_NOTICE));
    } else {
      b.status = Subscription.INCOMPLETE;
      b.billingCycleAnchor = now;
      b.currentPeriodEnd = Periods.end(now, plan.interval(), 1);
    }
    return subscriptions
        .insert(tx, tenant, b.build())
        .call(created -> emit(tx, tenant, EventTypes.SUBSCRIPTION_CREATED, created, plan, Map.of()))
        .chain(
            created ->
                trialDays > 0
                    ? Uni.createFrom().item(new Stepped(created, null))
                    : bill(
                        tx,
                        tenant,
                        created,
                        plan,
                        SubscriptionInvoicing.CREATE,
                        created.currentPeriodStart(),
                        created.currentPeriodEnd(),
                        now));
  }

  /** Runs the subscription's due transition at {@code now}; what to charge after commit. */
  public Uni<Stepped> step(SqlClient tx, Tenant tenant, Subscription s, Instant now) {
    if (s.nextActionAt() == null || s.nextActionAt().isAfter(now)) {
      return Uni.createFrom().item(new Stepped(s, null));
    }
    return plans
        .find(tx, tenant, s.planId())
        .chain(
            plan ->
                switch (s.status()) {
                  case Subscription.TRIALING -> trialStep(tx, tenant, s, plan);
                  case Subscription.ACTIVE -> periodEnd(tx, tenant, s, plan);
                  case Subscription.PAST_DUE -> retry(tx, tenant, s);
                  case Subscription.INCOMPLETE -> expire(tx, tenant, s);
                  default -> {
                    Subscription.Builder b = s.edit();
                    b.nextActionAt = null;
                    yield subscriptions.save(tx, tenant, b.build()).map(x -> new Stepped(x, null));
                  }
                });
  }

  private Uni<Stepped> trialStep(SqlClient tx, Tenant tenant, Subscription s, Plan plan) {
    Subscription.Builder b = s.edit();
    if (!s.trialWillEndSent() && s.nextActionAt().isBefore(s.trialEnd())) {
      b.trialWillEndSent = true;
      b.nextActionAt = s.trialEnd();
      return subscriptions
          .save(tx, tenant, b.build())
          .call(
              saved ->
                  emit(tx, tenant, EventTypes.SUBSCRIPTION_TRIAL_WILL_END, saved, plan, Map.of()))
          .map(saved -> new Stepped(saved, null));
    }
    Instant start = s.trialEnd();
    b.trialWillEndSent = true;
    b.billingCycleAnchor = start;
    b.currentPeriodStart = start;
    b.currentPeriodEnd = Periods.end(start, plan.interval(), 1);
    return subscriptions
        .save(tx, tenant, b.build())
        .chain(
            saved ->
                bill(
                    tx,
                    tenant,
                    saved,
                    plan,
                    SubscriptionInvoicing.CYCLE,
                    saved.currentPeriodStart(),
                    saved.currentPeriodEnd(),
                    start));
  }

  private Uni<Stepped> periodEnd(SqlClient tx, Tenant tenant, Subscription s, Plan plan) {
    Subscription.Builder b = s.edit();
    Instant end = s.currentPeriodEnd();
    if (s.cancelAtPeriodEnd()) {
      b.status = Subscription.CANCELED;
      b.endedAt = end;
      b.canceledAt = s.canceledAt() == null ? end : s.canceledAt();
      b.nextActionAt = null;
      return subscriptions
          .save(tx, tenant, b.build())
          .call(saved -> emit(tx, tenant, EventTypes.SUBSCRIPTION_CANCELED, saved, plan, Map.of()))
          .map(saved -> new Stepped(saved, null));
    }
    b.currentPeriodStart = end;
    b.currentPeriodEnd = Periods.next(s.billingCycleAnchor(), plan.interval(), end);
    return subscriptions
        .save(tx, tenant, b.build())
        .chain(
            saved ->
                bill(
                    tx,
                    tenant,
                    saved,
                    plan,
                    SubscriptionInvoicing.CYCLE,
                    saved.currentPeriodStart(),
                    saved.currentPeriodEnd(),
                    end));
  }

  private Uni<Stepped> retry(SqlClient tx, Tenant tenant, Subscription s) {
    Subscription.Builder b = s.edit();
    b.dunningAttempts = s.dunningAttempts() + 1;
    b.stepAt = s.nextActionAt();
    b.nextActionAt = null;
    return subscriptions
        .save(tx, tenant, b.build())
        .chain(
            saved -> invoicing.retry(tx, tenant, saved).map(billed -> new Stepped(saved, billed)));
  }

  private Uni<Stepped> expire(SqlClient tx, Tenant tenant, Subscription s) {
    Subscription.Builder b = s.edit();
    b.status = Subscription.INCOMPLETE_EXPIRED;
    b.endedAt = s.nextActionAt();
    b.nextActionAt = null;
    Uni<Void> voided =
        s.latestInvoiceId() == null
            ? Uni.createFrom().voidItem()
            : invoicing.voidInvoice(tx, tenant, s.latestInvoiceId(), s.nextActionAt());
    return voided
        .chain(() -> subscriptions.save(tx, tenant, b.build()))
        .map(saved -> new Stepped(saved, null));
  }

  /** Invoices a period (with pending prorations) at {@code at}; the charge runs after commit. */
  Uni<Stepped> bill(
      SqlClient tx,
      Tenant tenant,
      Subscription s,
      Plan plan,
      String reason,
      Instant periodStart,
      Instant periodEnd,
      Instant at) {
    Subscription.Builder b = s.edit();
    b.stepAt = at;
    b.nextActionAt = null;
    return subscriptions
        .save(tx, tenant, b.build())
        .chain(
            saved ->
                invoicing
                    .bill(
                        tx,
                        tenant,
                        saved,
                        reason,
                        periodStart,
                        periodEnd,
                        List.of(planLine(plan, periodStart, periodEnd)),
                        true,
                        at)
                    .chain(billed -> recordInvoice(tx, tenant, saved, billed)));
  }

  /**
   * Makes the invoice the subscription's latest; one with nothing due is paid already, so the
   * subscription moves on at once.
   */
  Uni<Stepped> recordInvoice(
      SqlClient tx, Tenant tenant, Subscription s, SubscriptionInvoicing.Billed billed) {
    Subscription.Builder b = s.edit();
    b.latestInvoiceId = billed.invoiceId();
    return subscriptions
        .save(tx, tenant, b.build())
        .chain(
            saved ->
                billed.payment() != null
                    ? Uni.createFrom().item(new Stepped(saved, billed))
                    : invoicePaid(tx, tenant, saved.id(), billed.invoiceId())
                        .chain(() -> subscriptions.find(tx, tenant, saved.id()))
                        .map(current -> new Stepped(current, null)));
  }

  /** The line of a period of the plan, as Stripe words it. */
  static LineItem planLine(Plan plan, Instant start, Instant end) {
    return new LineItem(
        "1 × "
            + plan.name()
            + " ("
            + start.toString().substring(0, 10)
            + " – "
            + end.toString().substring(0, 10)
            + ")",
        1,
        plan.amount(),
        plan.amount());
  }

  /** The subscription's invoice was paid (a charge, or by hand): active again. */
  public Uni<Void> invoicePaid(SqlClient tx, Tenant tenant, long subscriptionId, long invoiceId) {
    return subscriptions
        .lock(tx, tenant, subscriptionId)
        .chain(
            s -> {
              if (s == null || s.ended() || !Long.valueOf(invoiceId).equals(s.latestInvoiceId())) {
                return Uni.createFrom().voidItem();
              }
              boolean renewal = !Subscription.INCOMPLETE.equals(s.status());
              Subscription.Builder b = s.edit();
              b.status = Subscription.ACTIVE;
              b.dunningAttempts = 0;
              b.dunningStartedAt = null;
              b.stepAt = null;
              b.nextActionAt = s.currentPeriodEnd();
              return subscriptions
                  .save(tx, tenant, b.build())
                  .call(
                      saved ->
                          renewal
                              ? withPlan(
                                  tx,
                                  tenant,
                                  saved,
                                  plan ->
                                      emit(
                                          tx,
                                          tenant,
                                          EventTypes.SUBSCRIPTION_RENEWED,
                                          saved,
                                          plan,
                                          Map.of("invoice_id", invoiceId)))
                              : Uni.createFrom().voidItem())
                  .replaceWithVoid();
            });
  }

  /** A charge of the subscription's invoice failed: incomplete, past due, or the end of dunning. */
  public Uni<Void> invoicePaymentFailed(
      SqlClient tx, Tenant tenant, long subscriptionId, long invoiceId) {
    return subscriptions
        .lock(tx, tenant, subscriptionId)
        .chain(
            s -> {
              if (s == null || s.ended() || !Long.valueOf(invoiceId).equals(s.latestInvoiceId())) {
                return Uni.createFrom().voidItem();
              }
              Instant at = s.stepAt() == null ? s.currentPeriodStart() : s.stepAt();
              Subscription.Builder b = s.edit();
              b.stepAt = null;
              switch (s.status()) {
                case Subscription.INCOMPLETE -> {
                  b.nextActionAt = s.startedAt().plus(INCOMPLETE_EXPIRY);
                  return subscriptions.save(tx, tenant, b.build()).replaceWithVoid();
                }
                case Subscription.PAST_DUE -> {
                  if (s.dunningAttempts() >= RETRY_COUNT) {
                    return giveUp(tx, tenant, s, b, at);
                  }
                  b.nextActionAt = s.dunningStartedAt().plus(RETRIES.get(s.dunningAttempts()));
                  return subscriptions.save(tx, tenant, b.build()).replaceWithVoid();
                }
                default -> {
                  b.status = Subscription.PAST_DUE;
                  b.dunningStartedAt = at;
                  b.dunningAttempts = 0;
                  b.nextActionAt = at.plus(RETRIES.get(0));
                  return subscriptions
                      .save(tx, tenant, b.build())
                      .call(
                          saved ->
                              withPlan(
                                  tx,
                                  tenant,
                                  saved,
                                  plan ->
                                      emit(
                                          tx,
                                          tenant,
                                          EventTypes.SUBSCRIPTION_PAST_DUE,
                                          saved,
                                          plan,
                                          Map.of("invoice_id", invoiceId))))
                      .replaceWithVoid();
                }
              }
            });
  }

  private Uni<Void> giveUp(
      SqlClient tx, Tenant tenant, Subscription s, Subscription.Builder b, Instant at) {
    b.status = s.dunningFinalStatus();
    b.nextActionAt = null;
    if (Subscription.CANCELED.equals(s.dunningFinalStatus())) {
      b.canceledAt = at;
      b.endedAt = at;
    }
    return invoicing
        .markUncollectible(tx, tenant, s.latestInvoiceId(), at)
        .chain(() -> subscriptions.save(tx, tenant, b.build()))
        .call(
            saved ->
                Subscription.CANCELED.equals(saved.status())
                    ? withPlan(
                        tx,
                        tenant,
                        saved,
                        plan ->
                            emit(
                                tx,
                                tenant,
                                EventTypes.SUBSCRIPTION_CANCELED,
                                saved,
                                plan,
                                Map.of("cancellation_reason", "payment_failed")))
                    : Uni.createFrom().voidItem())
        .replaceWithVoid();
  }

  Uni<Void> withPlan(
      SqlClient tx, Tenant tenant, Subscription s, Function<Plan, Uni<Void>> action) {
    return plans.find(tx, tenant, s.planId()).chain(plan -> action.apply(plan));
  }

  Uni<Void> emit(
      SqlClient tx,
      Tenant tenant,
      String type,
      Subscription s,
      Plan plan,
      Map<String, Object> extra) {
    if (extra.isEmpty()) {
      return events.emit(tx, tenant, type, SubscriptionResponse.of(s, plan));
    }
    return events.emitWith(tx, tenant, type, SubscriptionResponse.of(s, plan), extra);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** A subscription after a transition, and what to charge for it after commit (or null). */
  public record Stepped(Subscription subscription, SubscriptionInvoicing.Billed billed) {}
}
