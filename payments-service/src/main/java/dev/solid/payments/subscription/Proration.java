package dev.solid.payments.subscription;

import java.time.Duration;
import java.time.Instant;

/**
 * Stripe's proration of a plan change at {@code at} inside the period [start, end): the unused time
 * of the old plan is credited and the remaining time of the new plan charged, each in proportion to
 * the seconds left, each rounded half up to a whole minor unit. {@code amount} = charge − credit,
 * negative when the customer is owed money.
 */
public record Proration(long credit, long charge) {

  public long amount() {
    return charge - credit;
  }

  /**
   * The proration of changing from {@code oldAmount} to {@code newAmount} per period at {@code at}.
   */
  public static Proration of(
      long oldAmount, long newAmount, Instant start, Instant end, Instant at) {
    return new Proration(share(oldAmount, start, end, at), share(newAmount, start, end, at));
  }

  /** {@code amount} × (end − at) / (end − start), to the second, rounded half up. */
  public static long share(long amount, Instant start, Instant end, Instant at) {
    long total = Duration.between(start, end).toSeconds();
    long left = Math.max(0, Math.min(total, Duration.between(at, end).toSeconds()));
    if (total <= 0) {
      return 0;
    }
    return Math.floorDiv(
        Math.multiplyExact(Math.multiplyExact(amount, left), 2) + total, 2 * total);
  }
}
