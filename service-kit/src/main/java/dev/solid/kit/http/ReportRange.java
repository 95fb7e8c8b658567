package dev.solid.kit.http;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The {@code from}/{@code to} (and {@code interval}) query parameters of every analytics report:
 * ISO dates, both included, UTC; by default the last 30 days up to today; periods of a day, an ISO
 * week or a month, at most {@value #MAX_PERIODS}. Bad values are 422 {@code validation_error}
 * naming the parameter.
 */
public record ReportRange(LocalDate from, LocalDate to) {
  /** The most periods one report has (a year of days). */
  public static final int MAX_PERIODS = 366;

  private static final Set<String> INTERVALS = Set.of("day", "week", "month");

  public static ReportRange parse(String from, String to) {
    LocalDate last = date("to", to, LocalDate.now(ZoneOffset.UTC));
    LocalDate first = date("from", from, last.minusDays(29));
    if (first.isAfter(last)) {
      throw ApiException.validation(
          new ProblemDetail("from", "after_to", from),
          "Query parameter 'from' must not be after 'to'");
    }
    return new ReportRange(first, last);
  }

  /** The first instant of the range: {@code from} at 00:00 UTC. */
  public OffsetDateTime start() {
    return from.atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /** The first instant after the range: the day after {@code to} at 00:00 UTC. */
  public OffsetDateTime end() {
    return to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /** {@code day}, {@code week} or {@code month}; {@code month} when absent. */
  public static String interval(String interval) {
    String unit = interval == null || interval.isBlank() ? "month" : interval.strip();
    if (!INTERVALS.contains(unit)) {
      throw ApiException.validation(
          new ProblemDetail("interval", "invalid_value", interval),
          "Query parameter 'interval' must be day, week or month");
    }
    return unit;
  }

  /** Throws 422 {@code too_many_periods} when the range has more than {@link #MAX_PERIODS}. */
  public void requireAtMostMaxPeriods(String unit) {
    long periods = periods(unit);
    if (periods > MAX_PERIODS) {
      throw ApiException.validation(
          new ProblemDetail("from", "too_many_periods", periods),
          "The range has "
              + periods
              + " periods of a "
              + unit
              + "; at most "
              + MAX_PERIODS
              + ": choose a longer interval or a shorter range");
    }
  }

  /** How many calendar periods (UTC days, ISO weeks from Monday, months) the range touches. */
  public long periods(String unit) {
    return switch (unit) {
      case "day" -> ChronoUnit.DAYS.between(from, to) + 1;
      case "week" ->
          ChronoUnit.WEEKS.between(
                  from.minusDays(from.getDayOfWeek().getValue() - 1L),
                  to.minusDays(to.getDayOfWeek().getValue() - 1L))
              + 1;
      default -> ChronoUnit.MONTHS.between(from.withDayOfMonth(1), to.withDayOfMonth(1)) + 1;
    };
  }

  /**
   * One ISO date query parameter (years 2000 to 2999), {@code fallback} when absent; else 422
   * {@code invalid_date} naming it.
   */
  public static LocalDate date(String name, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      LocalDate date = LocalDate.parse(value.strip());
      if (date.getYear() < 2000 || date.getYear() > 2999) {
        throw new DateTimeParseException("out of range", value, 0);
      }
      return date;
    } catch (DateTimeParseException e) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_date", value),
          "Query parameter '" + name + "' must be an ISO date such as 2026-12-01");
    }
  }
}
