package dev.solid.payments.invoice;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.error.DatabaseErrors;
import dev.solid.payments.charge.Charges;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.PaymentRepository;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.processor.PaymentMethods;
import dev.solid.payments.processor.Processors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * An invoice after its draft: finalize ({@code draft → open}, numbered), pay ({@code open} or
 * {@code uncollectible} → {@code paid}, through {@link Charges}), void ({@code open} or {@code
 * uncollectible} → {@code void}) and mark uncollectible ({@code open → uncollectible}). Each locks
 * the invoice row and checks its status under the lock; any other move is 409 {@code invalid_state}
 * naming the status.
 */
@ApplicationScoped
public class InvoiceLifecycle {
  private final Pool pool;
  private final InvoiceService service;
  private final InvoiceRepository invoices;
  private final InvoiceNumbers numbers;
  private final InvoiceLinks links;
  private final PaymentRepository payments;
  private final Charges charges;
  private final Processors processors;
  private final PaymentEvents events;

  public InvoiceLifecycle(
      Pool pool,
      InvoiceService service,
      InvoiceRepository invoices,
      InvoiceNumbers numbers,
      InvoiceLinks links,
      PaymentRepository payments,
      Charges charges,
      Processors processors,
      PaymentEvents events) {
    this.pool = pool;
    this.service = service;
    this.invoices = invoices;
    this.numbers = numbers;
    this.links = links;
    this.payments = payments;
    this.charges = charges;
    this.processors = processors;
    this.events = events;
  }

  public Uni<InvoiceResponse> finalizeInvoice(Tenant tenant, long id) {
    return pool.withTransaction(tx -> finalizeIn(tx, tenant, id))
        .chain(() -> service.get(tenant, id));
  }

  /**
   * Finalizes a draft in the caller's transaction (subscriptions finalize the invoice they just
   * created): the next number of the tenant, a hosted page token, {@code invoice.finalized}. The
   * number's counter row stays locked until {@code tx} ends, so keep the rest of it short.
   */
  public Uni<Invoice> finalizeIn(SqlClient tx, Tenant tenant, long id) {
    return service
        .locked(tx, tenant, id)
        .chain(
            invoice -> {
              if (invoice.status() != InvoiceStatus.DRAFT) {
                throw InvoiceService.invalidState(invoice, "finalized", "a draft");
              }
              if (invoice.lineItems().isEmpty()) {
                throw ApiException.validation(
                    ProblemDetail.of("line_items", "required"),
                    "Invoice " + id + " has no line items; add some before finalizing it");
              }
              return numbers
                  .next(tx, tenant)
                  .chain(number -> invoices.finalizeDraft(tx, tenant, id, number, links.newToken()))
                  .call(finalized -> emit(tx, tenant, EventTypes.INVOICE_FINALIZED, finalized));
            });
  }

  /**
   * Charges what remains of an open or uncollectible invoice (Stripe lets an uncollectible invoice
   * be paid after all). Succeeded: the invoice is paid. Declined: it stays as it was with {@code
   * last_payment_error}, and the answer is 402 {@code payment_failed}. The payment is recorded
   * {@code processing} under the invoice's lock, and only one may be in flight per invoice, so
   * concurrent pays charge once.
   */
  public Uni<InvoiceResponse> pay(Tenant tenant, long id, String paymentMethodGiven) {
    String paymentMethod =
        PaymentMethods.resolve("payment_method", paymentMethodGiven, tenant.livemode());
    String processor = processors.forMode(tenant.livemode()).name();
    return pool.withTransaction(
            tx ->
                service
                    .locked(tx, tenant, id)
                    .chain(
                        invoice -> {
                          if (invoice.status() != InvoiceStatus.OPEN
                              && invoice.status() != InvoiceStatus.UNCOLLECTIBLE) {
                            throw InvoiceService.invalidState(
                                invoice, "paid", "an open or uncollectible");
                          }
                          // Look for a charge in flight before inserting: the insert alone
                          // would wait on the one-in-flight index for the transaction recording
                          // that charge, which waits for this one's invoice lock (a deadlock).
                          return payments
                              .ofInvoice(tx, tenant, id)
                              .chain(
                                  list -> {
                                    if (inFlight(list)) {
                                      throw inProgress(id, "read the invoice for its outcome");
                                    }
                                    return payments.insertProcessing(
                                        tx,
                                        tenant,
                                        null,
                                        invoice.id(),
                                        invoice.amountRemaining(),
                                        invoice.currency(),
                                        processor,
                                        paymentMethod);
                                  })
                              .onFailure(DatabaseErrors::isUniqueViolation)
                              .transform(e -> inProgress(id, "read the invoice for its outcome"))
                              .map(payment -> new Charging(invoice, payment));
                        }))
        .chain(
            charging ->
                charges
                    .run(charging.payment())
                    .chain(
                        done -> {
                          if (!Payment.SUCCEEDED.equals(done.status())) {
                            return Uni.createFrom()
                                .failure(
                                    Charges.declined(done)
                                        .member("invoice_id", charging.invoice().id()));
                          }
                          return service.get(tenant, id);
                        }));
  }

  /**
   * Voids an open or uncollectible invoice. Refused while a charge is in flight: its outcome is not
   * known yet, and a void invoice must never be paid.
   */
  public Uni<InvoiceResponse> voidInvoice(Tenant tenant, long id) {
    return pool.withTransaction(
            tx ->
                service
                    .locked(tx, tenant, id)
                    .chain(
                        invoice -> {
                          if (invoice.status() != InvoiceStatus.OPEN
                              && invoice.status() != InvoiceStatus.UNCOLLECTIBLE) {
                            throw InvoiceService.invalidState(
                                invoice, "voided", "an open or uncollectible");
                          }
                          return payments.ofInvoice(tx, tenant, id);
                        })
                    .chain(
                        list -> {
                          if (inFlight(list)) {
                            throw inProgress(id, "it cannot be voided now");
                          }
                          return invoices.markVoid(tx, tenant, id);
                        })
                    .call(voided -> emit(tx, tenant, EventTypes.INVOICE_VOIDED, voided)))
        .chain(() -> service.get(tenant, id));
  }

  public Uni<InvoiceResponse> markUncollectible(Tenant tenant, long id) {
    return pool.withTransaction(
            tx ->
                service
                    .locked(tx, tenant, id)
                    .chain(
                        invoice -> {
                          if (invoice.status() != InvoiceStatus.OPEN) {
                            throw InvoiceService.invalidState(
                                invoice, "marked uncollectible", "an open");
                          }
                          return invoices.markUncollectible(tx, tenant, id);
                        })
                    .call(
                        marked ->
                            emit(tx, tenant, EventTypes.INVOICE_MARKED_UNCOLLECTIBLE, marked)))
        .chain(() -> service.get(tenant, id));
  }

  private Uni<Void> emit(SqlClient tx, Tenant tenant, String type, Invoice invoice) {
    return events.emit(tx, tenant, type, InvoiceResponse.summary(invoice, links));
  }

  private static boolean inFlight(List<Payment> list) {
    return list.stream().anyMatch(p -> Payment.PROCESSING.equals(p.status()));
  }

  private static ApiException inProgress(long id, String then) {
    return new ApiException(
        ErrorCode.CONFLICT, "A payment of invoice " + id + " is in progress; " + then);
  }

  private record Charging(Invoice invoice, Payment payment) {}
}
