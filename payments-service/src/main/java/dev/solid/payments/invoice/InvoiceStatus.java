package dev.solid.payments.invoice;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An invoice's life, as Stripe's: {@code draft} (editable, deletable) until finalized; {@code open}
 * until paid ({@code paid}), voided ({@code void}) or given up on ({@code uncollectible}, which may
 * still be paid or voided). {@code paid} and {@code void} are final.
 */
public enum InvoiceStatus {
  DRAFT,
  OPEN,
  PAID,
  VOID,
  UNCOLLECTIBLE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<InvoiceStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
  }
}
