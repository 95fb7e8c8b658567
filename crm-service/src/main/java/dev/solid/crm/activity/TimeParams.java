package dev.solid.crm.activity;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Timestamps in query parameters ({@code occurred_after}, {@code due_before}, …). */
public final class TimeParams {
  private TimeParams() {}

  /**
   * An optional ISO-8601 timestamp with an offset ({@code 2026-06-01T09:00:00Z}); anything else is
   * a 422 naming the parameter.
   */
  public static Instant instant(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_type", raw),
          "Query parameter '"
              + name
              + "' must be an ISO-8601 timestamp such as"
              + " 2026-06-01T09:00:00Z");
    }
  }

  /** An optional value of a fixed set; anything else is a 422 naming the parameter. */
  public static String oneOf(String name, String raw, String regex, String allowed) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.strip();
    if (!value.matches(regex)) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_format", raw),
          "Query parameter '" + name + "' must be one of " + allowed);
    }
    return value;
  }
}
