package dev.solid.payments.invoice;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.order.LineItem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * An invoice as the API answers it ({@code object: "invoice"}), with Stripe's amounts: {@code
 * subtotal} = {@code total} = the sum of the lines (no tax or discounts), {@code amount_due} = the
 * total, {@code amount_remaining} = what is due less {@code amount_paid}. A single invoice carries
 * its payments; list items and events leave them out.
 */
public record InvoiceResponse(
    long id,
    String object,
    boolean livemode,
    String number,
    String status,
    long contactId,
    Long subscriptionId,
    String currency,
    String description,
    List<LineItem> lineItems,
    long subtotal,
    long total,
    long amountDue,
    long amountPaid,
    long amountRemaining,
    String salesRep,
    Map<String, String> metadata,
    LocalDate dueDate,
    String hostedInvoiceUrl,
    Invoice.PaymentError lastPaymentError,
    StatusTransitions statusTransitions,
    Instant createdAt,
    Instant updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Payment> payments) {

  /** When the invoice moved to each status it reached (null for the others). */
  public record StatusTransitions(
      Instant finalizedAt, Instant paidAt, Instant voidedAt, Instant markedUncollectibleAt) {}

  /** The invoice without its payments (lists, events). */
  public static InvoiceResponse summary(Invoice invoice, InvoiceLinks links) {
    return of(invoice, links.hostedUrl(invoice), null);
  }

  public static InvoiceResponse of(Invoice invoice, String hostedUrl, List<Payment> payments) {
    return new InvoiceResponse(
        invoice.id(),
        "invoice",
        invoice.livemode(),
        invoice.number(),
        invoice.status().wire(),
        invoice.contactId(),
        invoice.subscriptionId(),
        invoice.currency(),
        invoice.description(),
        invoice.lineItems(),
        invoice.subtotal(),
        invoice.total(),
        invoice.total(),
        invoice.amountPaid(),
        invoice.amountRemaining(),
        invoice.salesRep(),
        invoice.metadata(),
        invoice.dueDate(),
        hostedUrl,
        invoice.lastPaymentError(),
        new StatusTransitions(
            invoice.finalizedAt(),
            invoice.paidAt(),
            invoice.voidedAt(),
            invoice.markedUncollectibleAt()),
        invoice.createdAt(),
        invoice.updatedAt(),
        payments);
  }
}
