package dev.solid.crm.deal;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.http.Params;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Parses the query parameters of the deal endpoints; a value that does not parse is a 422. */
final class DealQueries {
  private DealQueries() {}

  static PageRequest page(String limit, String offset) {
    return PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
  }

  static Long amount(String name, String raw) {
    Long value = Params.longValue(name, raw);
    if (value != null && (value < 0 || value > DealRules.MAX_AMOUNT)) {
      throw ApiException.validation(
          new ProblemDetail(name, "out_of_range", value),
          "Query parameter '" + name + "' must be between 0 and " + DealRules.MAX_AMOUNT);
    }
    return value;
  }

  static LocalDate date(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_date", raw),
          "Query parameter '" + name + "' must be a date (YYYY-MM-DD)");
    }
  }

  static StageKind status(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    StageKind kind = StageKind.of(raw.strip());
    if (kind == null) {
      throw ApiException.validation(
          new ProblemDetail("status", "invalid_status", raw),
          "Query parameter 'status' must be open, won or lost");
    }
    return kind;
  }

  static String text(String raw) {
    return raw == null || raw.isBlank() ? null : raw.strip();
  }

  /** A path id: positive digits, else it cannot name anything, so it is not found. */
  static long id(String what, String raw) {
    if (raw == null || !raw.matches("[0-9]{1,18}")) {
      throw ApiException.notFound(what);
    }
    return Long.parseLong(raw);
  }
}
