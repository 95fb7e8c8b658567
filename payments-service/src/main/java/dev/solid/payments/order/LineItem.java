package dev.solid.payments.order;

import dev.solid.payments.money.Amounts;
import java.util.List;

/** A line as stored and answered: {@code amount} = quantity × unit amount. */
public record LineItem(String description, int quantity, long unitAmount, long amount) {

  public static LineItem of(LineItemRequest request) {
    return new LineItem(
        request.description(),
        request.quantity(),
        request.unitAmount(),
        Math.multiplyExact((long) request.quantity(), request.unitAmount()));
  }

  /** The lines of a request, and their sum checked against the bound of one amount. */
  public static List<LineItem> of(List<LineItemRequest> requests, String field) {
    List<LineItem> items = requests.stream().map(LineItem::of).toList();
    long sum = 0;
    for (LineItem item : items) {
      sum = Math.addExact(sum, item.amount());
    }
    Amounts.withinMax(field, sum);
    return items;
  }

  public static long total(List<LineItem> items) {
    return items.stream().mapToLong(LineItem::amount).sum();
  }
}
