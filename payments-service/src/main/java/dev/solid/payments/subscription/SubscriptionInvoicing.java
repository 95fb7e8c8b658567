package dev.solid.payments.subscription;

import dev.solid.common.caller.Tenant;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.order.LineItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;

/**
 * How subscriptions bill: through invoices, as Stripe's do. Everything but {@link #charge} runs in
 * the transaction that holds the subscription's lock; the charge runs after commit, and its outcome
 * comes back through {@link SubscriptionLifecycle#invoicePaid} and {@link
 * SubscriptionLifecycle#invoicePaymentFailed}, called by the invoice's payment subject.
 */
public interface SubscriptionInvoicing {
  /** Why an invoice was made, as Stripe's {@code billing_reason}. */
  String CREATE = "subscription_create";

  String CYCLE = "subscription_cycle";
  String UPDATE = "subscription_update";

  /**
   * An invoice of the subscription for {@code lines} (plus its pending proration lines when {@code
   * withPending}), finalized at {@code at}; with a {@code processing} payment of its amount due, or
   * none when nothing is due (the invoice is then marked paid, and the lifecycle goes on as if it
   * had been charged).
   */
  Uni<Billed> bill(
      SqlClient tx,
      Tenant tenant,
      Subscription subscription,
      String reason,
      Instant periodStart,
      Instant periodEnd,
      List<LineItem> lines,
      boolean withPending,
      Instant at);

  /** A new {@code processing} payment of the subscription's open latest invoice (a retry). */
  Uni<Billed> retry(SqlClient tx, Tenant tenant, Subscription subscription);

  /** Voids the open invoice (an incomplete subscription expired). */
  Uni<Void> voidInvoice(SqlClient tx, Tenant tenant, long invoiceId, Instant at);

  /** Marks the open invoice uncollectible (dunning gave up). */
  Uni<Void> markUncollectible(SqlClient tx, Tenant tenant, long invoiceId, Instant at);

  /** Runs the charge of a billed invoice, after commit; null payment: nothing to charge. */
  Uni<Payment> charge(Billed billed);

  /** An invoice and the payment to charge for it (null when nothing is due). */
  record Billed(long invoiceId, Payment payment) {}
}
