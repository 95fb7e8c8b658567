package dev.solid.payments.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.solid.payments.charge.Payment;
import dev.solid.payments.charge.Refund;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An order as the API answers it ({@code object: "order"}). A single order carries its payments and
 * refunds; list items leave them out.
 */
public record OrderResponse(
    long id,
    String object,
    boolean livemode,
    Long contactId,
    long amount,
    String currency,
    String description,
    List<LineItem> lineItems,
    String salesRep,
    Map<String, String> metadata,
    String status,
    long amountPaid,
    long amountRefunded,
    Order.PaymentError lastPaymentError,
    Long paymentLinkId,
    Instant createdAt,
    Instant updatedAt,
    Instant paidAt,
    Instant canceledAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Payment> payments,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Refund> refunds) {

  public static OrderResponse of(Order order, List<Payment> payments, List<Refund> refunds) {
    return new OrderResponse(
        order.id(),
        "order",
        order.livemode(),
        order.contactId(),
        order.amount(),
        order.currency(),
        order.description(),
        order.lineItems(),
        order.salesRep(),
        order.metadata(),
        order.status().wire(),
        order.amountPaid(),
        order.amountRefunded(),
        order.lastPaymentError(),
        order.paymentLinkId(),
        order.createdAt(),
        order.updatedAt(),
        order.paidAt(),
        order.canceledAt(),
        payments,
        refunds);
  }

  /** The order without its payments and refunds (lists, events). */
  public static OrderResponse summary(Order order) {
    return of(order, null, null);
  }
}
