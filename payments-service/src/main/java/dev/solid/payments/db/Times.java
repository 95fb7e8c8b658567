package dev.solid.payments.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Timestamps between the reactive client's {@code timestamptz} and the API's {@link Instant}. */
public final class Times {
  private Times() {}

  /** A column's value as an instant, or null. */
  public static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /** An instant to bind to a {@code timestamptz} parameter, or null. */
  public static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
