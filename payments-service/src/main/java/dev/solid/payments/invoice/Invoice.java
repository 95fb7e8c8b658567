package dev.solid.payments.invoice;

import dev.solid.payments.order.LineItem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** An invoice as stored. */
public record Invoice(
    long id,
    long companyId,
    boolean livemode,
    long contactId,
    Long subscriptionId,
    String number,
    InvoiceStatus status,
    String currency,
    String description,
    List<LineItem> lineItems,
    long subtotal,
    long total,
    long amountPaid,
    String salesRep,
    Map<String, String> metadata,
    LocalDate dueDate,
    String hostedToken,
    PaymentError lastPaymentError,
    Instant createdAt,
    Instant updatedAt,
    Instant finalizedAt,
    Instant paidAt,
    Instant voidedAt,
    Instant markedUncollectibleAt) {

  /** What is left to pay: the total less what was paid. */
  public long amountRemaining() {
    return total - amountPaid;
  }

  /** What the last failed charge said. */
  public record PaymentError(String code, String declineCode, String message) {}
}
