package dev.solid.payments.invoice;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentSubject;
import dev.solid.payments.commission.Commissions;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.subscription.SubscriptionLifecycle;
import dev.solid.payments.subscription.SubscriptionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An invoice's side of its charges: paid on success (with its rep's commission), the error kept and
 * {@code invoice.payment_failed} emitted on failure; the invoice stays payable then.
 */
@ApplicationScoped
public class InvoiceCharges implements PaymentSubject {
  public static final String SOURCE = "invoice";

  private final InvoiceRepository invoices;
  private final InvoiceLinks links;
  private final PaymentEvents events;
  private final Commissions commissions;
  private final SubscriptionRepository subscriptions;
  private final SubscriptionLifecycle subscriptionLifecycle;

  public InvoiceCharges(
      InvoiceRepository invoices,
      InvoiceLinks links,
      PaymentEvents events,
      Commissions commissions,
      SubscriptionRepository subscriptions,
      SubscriptionLifecycle subscriptionLifecycle) {
    this.invoices = invoices;
    this.links = links;
    this.events = events;
    this.commissions = commissions;
    this.subscriptions = subscriptions;
    this.subscriptionLifecycle = subscriptionLifecycle;
  }

  @Override
  public boolean owns(Payment payment) {
    return payment.invoiceId() != null;
  }

  @Override
  public Uni<Void> lock(SqlClient tx, Tenant tenant, Payment payment) {
    // A subscription's invoice: the subscription first, then the invoice, the order every
    // transaction that changes both takes them in (the scheduler locks the subscription, then
    // bills), so none deadlocks another.
    return invoices
        .find(tx, tenant, payment.invoiceId())
        .chain(
            invoice ->
                invoice == null || invoice.subscriptionId() == null
                    ? Uni.createFrom().voidItem()
                    : subscriptions.lock(tx, tenant, invoice.subscriptionId()).replaceWithVoid())
        .chain(() -> invoices.lock(tx, tenant, payment.invoiceId()))
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> succeeded(SqlClient tx, Tenant tenant, Payment payment) {
    return invoices
        .addPaid(tx, tenant, payment.invoiceId(), payment.amount())
        .chain(
            invoice -> {
              if (invoice == null) {
                // Cannot happen: void refuses while a charge is in flight, under the invoice's
                // lock. Should it, the recording rolls back and the payment stays processing, in
                // the recovery job's warnings each sweep, for a person to refund.
                throw new IllegalStateException(
                    "Invoice "
                        + payment.invoiceId()
                        + " is not payable for payment "
                        + payment.id());
              }
              if (invoice.status() != InvoiceStatus.PAID) {
                return Uni.createFrom().voidItem();
              }
              return events
                  .emit(
                      tx, tenant, EventTypes.INVOICE_PAID, InvoiceResponse.summary(invoice, links))
                  .chain(
                      () ->
                          commissions.onPaid(
                              tx,
                              tenant,
                              SOURCE,
                              invoice.id(),
                              invoice.salesRep(),
                              invoice.amountPaid(),
                              invoice.currency()))
                  .chain(
                      () ->
                          invoice.subscriptionId() == null
                              ? Uni.createFrom().voidItem()
                              : subscriptionLifecycle.invoicePaid(
                                  tx, tenant, invoice.subscriptionId(), invoice.id()));
            });
  }

  @Override
  public Uni<Void> failed(SqlClient tx, Tenant tenant, Payment payment) {
    return invoices
        .recordPaymentError(
            tx,
            tenant,
            payment.invoiceId(),
            new Invoice.PaymentError(
                payment.failureCode(), payment.declineCode(), payment.failureMessage()))
        .call(
            invoice ->
                events.emit(
                    tx,
                    tenant,
                    EventTypes.INVOICE_PAYMENT_FAILED,
                    InvoiceResponse.summary(invoice, links)))
        .chain(
            invoice ->
                invoice.subscriptionId() == null
                    ? Uni.createFrom().voidItem()
                    : subscriptionLifecycle.invoicePaymentFailed(
                        tx, tenant, invoice.subscriptionId(), invoice.id()));
  }
}
