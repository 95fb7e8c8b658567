package dev.solid.payments.subscription;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Billing periods by calendar month or year, counted from the billing cycle anchor in UTC, as
 * Stripe counts them: an anchor on January 31 renews on February 28 (29 in a leap year), then on
 * March 31, because each period end is the anchor plus n intervals, never the previous end plus
 * one.
 */
public final class Periods {
  private Periods() {}

  /** The end of the {@code n}-th period after the anchor (n = 1 is the first period's end). */
  public static Instant end(Instant anchor, String interval, long n) {
    ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
    ZonedDateTime end =
        switch (interval) {
          case "month" -> start.plusMonths(n);
          case "year" -> start.plusYears(n);
          default -> throw new IllegalArgumentException("Unknown interval " + interval);
        };
    return end.toInstant();
  }

  /** The end of the period that starts at {@code periodStart} (a period boundary of the anchor). */
  public static Instant next(Instant anchor, String interval, Instant periodStart) {
    long n = 1;
    Instant end = end(anchor, interval, n);
    while (!end.isAfter(periodStart)) {
      n++;
      end = end(anchor, interval, n);
    }
    return end;
  }
}
