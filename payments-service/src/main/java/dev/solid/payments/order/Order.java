package dev.solid.payments.order;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An order as stored. */
public record Order(
    long id,
    long companyId,
    boolean livemode,
    // Null only for the order of a checkout (a payment link without a contact).
    Long contactId,
    long amount,
    String currency,
    String description,
    List<LineItem> lineItems,
    String salesRep,
    Map<String, String> metadata,
    OrderStatus status,
    long amountPaid,
    long amountRefunded,
    PaymentError lastPaymentError,
    Long paymentLinkId,
    Instant createdAt,
    Instant updatedAt,
    Instant paidAt,
    Instant canceledAt) {

  /** What the last failed charge said. */
  public record PaymentError(String code, String declineCode, String message) {}
}
