package dev.solid.payments.order;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An order's life: {@code pending} until a charge succeeds ({@code paid}), then {@code
 * partially_refunded} or {@code refunded} as refunds add up; {@code canceled} only while nothing
 * was paid.
 */
public enum OrderStatus {
  PENDING,
  PAID,
  PARTIALLY_REFUNDED,
  REFUNDED,
  CANCELED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OrderStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
  }
}
