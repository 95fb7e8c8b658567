package dev.solid.payments.subscription;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.tenant.TenantSql;
import dev.solid.payments.charge.Charges;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.invoice.Invoice;
import dev.solid.payments.invoice.InvoiceLifecycle;
import dev.solid.payments.invoice.InvoiceLinks;
import dev.solid.payments.invoice.InvoiceRepository;
import dev.solid.payments.invoice.InvoiceResponse;
import dev.solid.payments.invoice.InvoiceService;
import dev.solid.payments.invoice.InvoiceStatus;
import dev.solid.payments.invoice.NewInvoice;
import dev.solid.payments.order.LineItem;
import dev.solid.payments.processor.Processors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions bill through ordinary invoices: created and finalized in the subscription's
 * transaction (numbered like any invoice, with a hosted page), charged after commit through {@link
 * Charges} like an invoice paid by hand. Prorations waiting for the next invoice are taken by it;
 * when credits exceed what is due, the invoice comes to zero (paid at once) and the rest of the
 * credit waits for the following one.
 */
@ApplicationScoped
public class InvoiceBilling implements SubscriptionInvoicing {
  private final InvoiceService invoiceService;
  private final InvoiceLifecycle invoiceLifecycle;
  private final InvoiceRepository invoices;
  private final InvoiceLinks links;
  private final PendingItems pending;
  private final PaymentRepository payments;
  private final Charges charges;
  private final Processors processors;
  private final PlanRepository plans;
  private final PaymentEvents events;

  public InvoiceBilling(
      InvoiceService invoiceService,
      InvoiceLifecycle invoiceLifecycle,
      InvoiceRepository invoices,
      InvoiceLinks links,
      PendingItems pending,
      PaymentRepository payments,
      Charges charges,
      Processors processors,
      PlanRepository plans,
      PaymentEvents events) {
    this.invoiceService = invoiceService;
    this.invoiceLifecycle = invoiceLifecycle;
    this.invoices = invoices;
    this.links = links;
    this.pending = pending;
    this.payments = payments;
    this.charges = charges;
    this.processors = processors;
    this.plans = plans;
    this.events = events;
  }

  @Override
  public Uni<Billed> bill(
      SqlClient tx,
      Tenant tenant,
      Subscription s,
      String reason,
      Instant periodStart,
      Instant periodEnd,
      List<LineItem> lines,
      boolean withPending,
      Instant at) {
    Uni<List<PendingItems.Pending>> waiting =
        withPending
            ? pending.waiting(tx, tenant, s.id())
            : Uni.createFrom().item(List.<PendingItems.Pending>of());
    return plans
        .find(tx, tenant, s.planId())
        .chain(
            plan ->
                waiting.chain(
                    taken -> {
                      List<LineItem> all = new ArrayList<>(lines);
                      taken.forEach(p -> all.add(p.line()));
                      long sum = LineItem.total(all);
                      Uni<Void> carried = Uni.createFrom().voidItem();
                      if (sum < 0) {
                        // More credit than is due: this invoice comes to zero, the rest waits.
                        all.add(new LineItem("Credit carried to the next invoice", 1, -sum, -sum));
                        carried =
                            pending.add(
                                tx,
                                tenant,
                                s,
                                List.of(
                                    new LineItem(
                                        "Credit carried from earlier invoices", 1, sum, sum)));
                      }
                      NewInvoice draft =
                          new NewInvoice(
                              s.contactId(),
                              s.id(),
                              plan.currency(),
                              "Subscription " + s.id() + " (" + plan.name() + ")",
                              all,
                              null,
                              null,
                              Map.of("billing_reason", reason));
                      return carried
                          .chain(() -> invoiceService.createForSubscription(tx, tenant, draft))
                          .call(
                              invoice ->
                                  TenantSql.run(
                                      tx,
                                      tenant,
                                      "UPDATE payments.invoices SET billing_reason = $4,"
                                          + " period_start = $5, period_end = $6"
                                          + TenantSql.WHERE
                                          + " AND id = $3",
                                      invoice.id(),
                                      reason,
                                      periodStart.atOffset(ZoneOffset.UTC),
                                      periodEnd.atOffset(ZoneOffset.UTC)))
                          .call(invoice -> pending.taken(tx, tenant, taken, invoice.id()))
                          .chain(invoice -> invoiceLifecycle.finalizeIn(tx, tenant, invoice.id()))
                          .chain(invoice -> collect(tx, tenant, s, invoice));
                    }));
  }

  /** A processing payment of what the invoice asks, or the invoice paid at once when nothing. */
  private Uni<Billed> collect(SqlClient tx, Tenant tenant, Subscription s, Invoice invoice) {
    if (invoice.total() == 0) {
      return invoices
          .addPaid(tx, tenant, invoice.id(), 0)
          .call(
              paid ->
                  events.emit(
                      tx, tenant, EventTypes.INVOICE_PAID, InvoiceResponse.summary(paid, links)))
          .map(paid -> new Billed(paid.id(), null));
    }
    return payments
        .insertProcessing(
            tx,
            tenant,
            null,
            invoice.id(),
            invoice.total() - invoice.amountPaid(),
            invoice.currency(),
            processors.forMode(tenant.livemode()).name(),
            s.paymentMethod())
        .map(payment -> new Billed(invoice.id(), payment));
  }

  @Override
  public Uni<Billed> retry(SqlClient tx, Tenant tenant, Subscription s) {
    return invoices
        .lock(tx, tenant, s.latestInvoiceId())
        .chain(
            invoice -> {
              if (invoice == null
                  || (invoice.status() != InvoiceStatus.OPEN
                      && invoice.status() != InvoiceStatus.UNCOLLECTIBLE)) {
                return Uni.createFrom().item((Billed) null);
              }
              return collect(tx, tenant, s, invoice);
            });
  }

  @Override
  public Uni<Void> voidInvoice(SqlClient tx, Tenant tenant, long invoiceId, Instant at) {
    return invoices
        .markVoid(tx, tenant, invoiceId)
        .chain(
            voided ->
                voided == null
                    ? Uni.createFrom().voidItem()
                    : events.emit(
                        tx,
                        tenant,
                        EventTypes.INVOICE_VOIDED,
                        InvoiceResponse.summary(voided, links)));
  }

  @Override
  public Uni<Void> markUncollectible(SqlClient tx, Tenant tenant, long invoiceId, Instant at) {
    return invoices
        .markUncollectible(tx, tenant, invoiceId)
        .chain(
            marked ->
                marked == null
                    ? Uni.createFrom().voidItem()
                    : events.emit(
                        tx,
                        tenant,
                        EventTypes.INVOICE_MARKED_UNCOLLECTIBLE,
                        InvoiceResponse.summary(marked, links)));
  }

  @Override
  public Uni<Payment> charge(Billed billed) {
    if (billed == null || billed.payment() == null) {
      return Uni.createFrom().nullItem();
    }
    return charges.run(billed.payment());
  }
}
