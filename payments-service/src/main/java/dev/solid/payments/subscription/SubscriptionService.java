package dev.solid.payments.subscription;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventTypes;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.payments.contact.Contacts;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.order.LineItem;
import dev.solid.payments.processor.PaymentMethods;
import dev.solid.payments.processor.TestCards;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The API's side of subscriptions: create, change plan (prorated), cancel, resume, read. The due
 * transitions (trial end, renewals, dunning) run in {@link SubscriptionScheduler} and, for test
 * clocks, in {@link TestClockAdvancer}; all go through {@link SubscriptionLifecycle}.
 */
@ApplicationScoped
public class SubscriptionService {
  private static final Logger LOG = Logger.getLogger(SubscriptionService.class);
  private static final Set<String> STATUSES =
      Set.of(
          Subscription.TRIALING,
          Subscription.ACTIVE,
          Subscription.INCOMPLETE,
          Subscription.INCOMPLETE_EXPIRED,
          Subscription.PAST_DUE,
          Subscription.CANCELED,
          Subscription.UNPAID);

  private final Pool pool;
  private final SubscriptionRepository subscriptions;
  private final PlanRepository plans;
  private final TestClockRepository clocks;
  private final SubscriptionLifecycle lifecycle;
  private final SubscriptionInvoicing invoicing;
  private final PendingItems pending;
  private final PaymentEvents events;
  private final Contacts contacts;

  public SubscriptionService(
      Pool pool,
      SubscriptionRepository subscriptions,
      PlanRepository plans,
      TestClockRepository clocks,
      SubscriptionLifecycle lifecycle,
      SubscriptionInvoicing invoicing,
      PendingItems pending,
      PaymentEvents events,
      Contacts contacts) {
    this.pool = pool;
    this.subscriptions = subscriptions;
    this.plans = plans;
    this.clocks = clocks;
    this.lifecycle = lifecycle;
    this.invoicing = invoicing;
    this.pending = pending;
    this.events = events;
    this.contacts = contacts;
  }

  public Uni<SubscriptionResponse> create(Tenant tenant, SubscriptionRequest body, String bearer) {
    String paymentMethod =
        PaymentMethods.resolve("payment_method", body.paymentMethod(), tenant.livemode());
    if (body.testClock() != null && tenant.livemode()) {
      throw ApiException.validation(
          ProblemDetail.of("test_clock", "test_mode_only"),
          "Field 'test_clock' is for test mode only; live subscriptions follow real time");
    }
    return contacts
        .requireExisting(body.contactId(), bearer)
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        activePlan(tx, tenant, body.planId())
                            .chain(
                                plan ->
                                    nowOf(tx, tenant, body.testClock())
                                        .chain(
                                            now -> {
                                              int trial =
                                                  body.trialDays() != null
                                                      ? body.trialDays()
                                                      : plan.trialDays() == null
                                                          ? 0
                                                          : plan.trialDays();
                                              if (trial > 0) {
                                                requireAttachable(paymentMethod, tenant);
                                              }
                                              return lifecycle.create(
                                                  tx,
                                                  tenant,
                                                  body.contactId(),
                                                  plan,
                                                  paymentMethod,
                                                  trial,
                                                  body.testClock(),
                                                  body.dunningFinalStatus() == null
                                                      ? Subscription.CANCELED
                                                      : body.dunningFinalStatus(),
                                                  now);
                                            }))))
        .chain(this::chargeAfterCommit)
        .chain(s -> get(tenant, s.id()));
  }

  /**
   * Stripe refuses a declining card when it is attached (a trial charges nothing yet, but the card
   * is checked); a card that attaches and then fails every charge is accepted.
   */
  private static void requireAttachable(String paymentMethod, Tenant tenant) {
    if (tenant.livemode()) {
      return;
    }
    TestCards.byPaymentMethod(paymentMethod)
        .filter(card -> card.behaviour() == TestCards.Behaviour.DECLINES)
        .ifPresent(
            card -> {
              throw new ApiException(ErrorCode.PAYMENT_FAILED, card.message())
                  .member("decline_code", card.declineCode())
                  .member("payment_error_code", card.code());
            });
  }

  /** Charges what a transition billed, after its commit; a decline is the subscription's state. */
  Uni<Subscription> chargeAfterCommit(SubscriptionLifecycle.Stepped stepped) {
    if (stepped.billed() == null) {
      return Uni.createFrom().item(stepped.subscription());
    }
    return invoicing
        .charge(stepped.billed())
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.infof(
                  "Charge of invoice %d of subscription %d did not complete now: %s",
                  stepped.billed().invoiceId(), stepped.subscription().id(), failure.getMessage());
              return null;
            })
        .replaceWith(stepped.subscription());
  }

  public Uni<SubscriptionResponse> get(Tenant tenant, long id) {
    return pool.withConnection(db -> response(db, tenant, id));
  }

  Uni<SubscriptionResponse> response(SqlClient db, Tenant tenant, long id) {
    return subscriptions
        .find(db, tenant, id)
        .chain(
            s -> {
              if (s == null) {
                throw ApiException.notFound("subscription");
              }
              return plans
                  .find(db, tenant, s.planId())
                  .map(plan -> SubscriptionResponse.of(s, plan));
            });
  }

  public Uni<Page<SubscriptionResponse>> list(
      Tenant tenant, String status, Long contactId, Long planId, PageRequest page) {
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.validation(
          new ProblemDetail("status", "invalid_value", status),
          "Query parameter 'status' must be one of " + String.join(", ", STATUSES));
    }
    return pool.withConnection(
        db ->
            subscriptions
                .list(db, tenant, status, contactId, planId, page)
                .chain(
                    items -> {
                      List<Uni<SubscriptionResponse>> answers = new ArrayList<>();
                      for (Subscription s : items) {
                        answers.add(
                            plans
                                .find(db, tenant, s.planId())
                                .map(plan -> SubscriptionResponse.of(s, plan)));
                      }
                      Uni<List<SubscriptionResponse>> all =
                          answers.isEmpty()
                              ? Uni.createFrom().item(List.of())
                              : Uni.join().all(answers).andFailFast();
                      return all.chain(
                          list ->
                              subscriptions
                                  .count(db, tenant, status, contactId, planId)
                                  .map(total -> Page.of(list, total, page)));
                    }));
  }

  /**
   * Changes the plan (prorated at the subscription's now, to the second) and/or the payment method.
   * A higher price per interval emits {@code subscription.upgraded}, a lower one {@code
   * subscription.downgraded}, both with {@code previous_plan} and {@code proration_amount}.
   */
  public Uni<SubscriptionResponse> update(Tenant tenant, long id, SubscriptionPatch body) {
    String paymentMethod =
        body.paymentMethod() == null
            ? null
            : PaymentMethods.resolve("payment_method", body.paymentMethod(), tenant.livemode());
    String behaviour =
        body.prorationBehavior() == null ? "create_prorations" : body.prorationBehavior();
    return pool.withTransaction(
            tx ->
                lockedLive(tx, tenant, id)
                    .chain(
                        s -> {
                          Subscription.Builder b = s.edit();
                          if (paymentMethod != null) {
                            b.paymentMethod = paymentMethod;
                          }
                          if (body.planId() == null || body.planId() == s.planId()) {
                            return subscriptions
                                .save(tx, tenant, b.build())
                                .map(saved -> new SubscriptionLifecycle.Stepped(saved, null));
                          }
                          return plans
                              .find(tx, tenant, s.planId())
                              .chain(
                                  current ->
                                      activePlan(tx, tenant, body.planId())
                                          .chain(
                                              next ->
                                                  nowOf(tx, tenant, s.testClockId())
                                                      .chain(
                                                          now ->
                                                              changePlan(
                                                                  tx, tenant, b, current, next,
                                                                  behaviour, now))));
                        }))
        .chain(this::chargeAfterCommit)
        .chain(s -> get(tenant, s.id()));
  }

  private Uni<SubscriptionLifecycle.Stepped> changePlan(
      SqlClient tx,
      Tenant tenant,
      Subscription.Builder b,
      Plan current,
      Plan next,
      String behaviour,
      Instant now) {
    if (!current.currency().equals(next.currency())) {
      throw ApiException.validation(
          new ProblemDetail("plan_id", "currency_mismatch", next.id()),
          "Plan "
              + next.id()
              + " is in "
              + next.currency()
              + "; the subscription bills in "
              + current.currency());
    }
    Subscription before = b.build();
    b.planId = next.id();
    boolean trialing = Subscription.TRIALING.equals(before.status());
    boolean sameInterval = current.interval().equals(next.interval());
    String event =
        next.yearlyAmount() > current.yearlyAmount()
            ? EventTypes.SUBSCRIPTION_UPGRADED
            : next.yearlyAmount() < current.yearlyAmount()
                ? EventTypes.SUBSCRIPTION_DOWNGRADED
                : null;
    if (trialing || "none".equals(behaviour) && sameInterval) {
      // Nothing was paid for the trial; with "none" the new price starts next period.
      return subscriptions
          .save(tx, tenant, b.build())
          .call(saved -> changed(tx, tenant, saved, next, current, event, 0))
          .map(saved -> new SubscriptionLifecycle.Stepped(saved, null));
    }
    Instant start = before.currentPeriodStart();
    Instant end = before.currentPeriodEnd();
    String day = now.toString().substring(0, 10);
    long credit = "none".equals(behaviour) ? 0 : Proration.share(current.amount(), start, end, now);
    List<LineItem> lines = new ArrayList<>();
    if (credit > 0) {
      lines.add(
          new LineItem("Unused time on " + current.name() + " after " + day, 1, -credit, -credit));
    }
    if (!sameInterval) {
      // A new interval starts a new billing cycle now, as in Stripe: the new plan's full period
      // is invoiced at once, less the old plan's unused time.
      b.billingCycleAnchor = now;
      b.currentPeriodStart = now;
      b.currentPeriodEnd = Periods.end(now, next.interval(), 1);
      long proration = next.amount() - credit;
      return subscriptions
          .save(tx, tenant, b.build())
          .call(saved -> changed(tx, tenant, saved, next, current, event, proration))
          .chain(
              saved ->
                  billNow(
                      tx,
                      tenant,
                      saved,
                      lines,
                      SubscriptionLifecycle.planLine(
                          next, saved.currentPeriodStart(), saved.currentPeriodEnd()),
                      now));
    }
    long charge = Proration.share(next.amount(), start, end, now);
    lines.add(
        new LineItem("Remaining time on " + next.name() + " after " + day, 1, charge, charge));
    long proration = charge - credit;
    return subscriptions
        .save(tx, tenant, b.build())
        .call(saved -> changed(tx, tenant, saved, next, current, event, proration))
        .chain(
            saved -> {
              if ("always_invoice".equals(behaviour) && proration > 0) {
                return billNow(tx, tenant, saved, lines, null, now);
              }
              // create_prorations (and a credit under always_invoice): the next invoice takes them.
              return pending
                  .add(tx, tenant, saved, lines)
                  .map(ignored -> new SubscriptionLifecycle.Stepped(saved, null));
            });
  }

  private Uni<SubscriptionLifecycle.Stepped> billNow(
      SqlClient tx,
      Tenant tenant,
      Subscription s,
      List<LineItem> prorations,
      LineItem planLine,
      Instant now) {
    List<LineItem> lines = new ArrayList<>(prorations);
    if (planLine != null) {
      lines.add(planLine);
    }
    Subscription.Builder b = s.edit();
    b.stepAt = now;
    return subscriptions
        .save(tx, tenant, b.build())
        .chain(
            saved ->
                invoicing
                    .bill(
                        tx,
                        tenant,
                        saved,
                        SubscriptionInvoicing.UPDATE,
                        saved.currentPeriodStart(),
                        saved.currentPeriodEnd(),
                        lines,
                        true,
                        now)
                    .chain(billed -> lifecycle.recordInvoice(tx, tenant, saved, billed)));
  }

  private Uni<Void> changed(
      SqlClient tx,
      Tenant tenant,
      Subscription s,
      Plan plan,
      Plan previous,
      String event,
      long prorationAmount) {
    if (event == null) {
      return Uni.createFrom().voidItem();
    }
    return events.emitWith(
        tx,
        tenant,
        event,
        SubscriptionResponse.of(s, plan),
        Map.of("previous_plan", previous, "proration_amount", prorationAmount));
  }

  /** Cancels now (default) or at the end of the current period. */
  public Uni<SubscriptionResponse> cancel(Tenant tenant, long id, boolean atPeriodEnd) {
    return pool.withTransaction(
            tx ->
                lockedLive(tx, tenant, id)
                    .chain(
                        s ->
                            nowOf(tx, tenant, s.testClockId())
                                .chain(
                                    now -> {
                                      Subscription.Builder b = s.edit();
                                      if (atPeriodEnd) {
                                        b.cancelAtPeriodEnd = true;
                                        b.canceledAt = now;
                                        return subscriptions.save(tx, tenant, b.build());
                                      }
                                      b.status = Subscription.CANCELED;
                                      b.canceledAt = now;
                                      b.endedAt = now;
                                      b.nextActionAt = null;
                                      return subscriptions
                                          .save(tx, tenant, b.build())
                                          .call(
                                              saved ->
                                                  lifecycle.withPlan(
                                                      tx,
                                                      tenant,
                                                      saved,
                                                      plan ->
                                                          lifecycle.emit(
                                                              tx,
                                                              tenant,
                                                              EventTypes.SUBSCRIPTION_CANCELED,
                                                              saved,
                                                              plan,
                                                              Map.of(
                                                                  "cancellation_reason",
                                                                  "requested"))));
                                    })))
        .chain(s -> get(tenant, s.id()));
  }

  /** Takes back a cancellation at period end. */
  public Uni<SubscriptionResponse> resume(Tenant tenant, long id) {
    return pool.withTransaction(
            tx ->
                lockedLive(tx, tenant, id)
                    .chain(
                        s -> {
                          if (!s.cancelAtPeriodEnd()) {
                            throw invalidState(s, "resumed: it is not set to cancel");
                          }
                          Subscription.Builder b = s.edit();
                          b.cancelAtPeriodEnd = false;
                          b.canceledAt = null;
                          return subscriptions.save(tx, tenant, b.build());
                        }))
        .chain(s -> get(tenant, s.id()));
  }

  private Uni<Subscription> lockedLive(SqlClient tx, Tenant tenant, long id) {
    return subscriptions
        .lock(tx, tenant, id)
        .map(
            s -> {
              if (s == null) {
                throw ApiException.notFound("subscription");
              }
              if (s.ended()) {
                throw invalidState(s, "changed");
              }
              return s;
            });
  }

  static ApiException invalidState(Subscription s, String action) {
    return new ApiException(
            ErrorCode.INVALID_STATE,
            "Subscription " + s.id() + " is " + s.status() + "; it cannot be " + action)
        .member("status", s.status());
  }

  private Uni<Plan> activePlan(SqlClient tx, Tenant tenant, long planId) {
    return plans
        .find(tx, tenant, planId)
        .map(
            plan -> {
              if (plan == null) {
                throw ApiException.validation(
                    new ProblemDetail("plan_id", "not_found", planId),
                    "Field 'plan_id' names no plan of this company (" + planId + ")");
              }
              if (!plan.active()) {
                throw ApiException.validation(
                    new ProblemDetail("plan_id", "plan_archived", planId),
                    "Plan " + planId + " is archived; new subscriptions cannot take it");
              }
              return plan;
            });
  }

  /** The subscription's time: its clock's frozen time, or real time. */
  Uni<Instant> nowOf(SqlClient tx, Tenant tenant, Long clockId) {
    if (clockId == null) {
      return Uni.createFrom().item(Instant.now());
    }
    return clocks
        .find(tx, tenant, clockId)
        .map(
            clock -> {
              if (clock == null) {
                throw ApiException.validation(
                    new ProblemDetail("test_clock", "not_found", clockId),
                    "Field 'test_clock' names no test clock of this company (" + clockId + ")");
              }
              return clock.frozenAt();
            });
  }
}
