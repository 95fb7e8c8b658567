package dev.solid.payments.invoice;

import dev.solid.payments.order.LineItem;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A draft invoice to insert, already checked: the contact exists, the currency is a lower-case
 * ISO-4217 code and the lines are within the bounds of one amount ({@link LineItem#of(List,
 * String)}). {@code subscriptionId} is set by subscriptions, null for invoices made through the
 * API.
 */
public record NewInvoice(
    long contactId,
    Long subscriptionId,
    String currency,
    String description,
    List<LineItem> lineItems,
    LocalDate dueDate,
    String salesRep,
    Map<String, String> metadata) {

  public NewInvoice {
    Objects.requireNonNull(currency, "currency");
    lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
