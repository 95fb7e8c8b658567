package dev.solid.crm.deal;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.Map;

/**
 * The order of a deal list: {@code created_at}, {@code amount} or {@code expected_close_date},
 * descending with a leading {@code -}; newest first when not given. Ties go by id in the same
 * direction, so pages never overlap. Deals without an expected close date come last either way.
 */
public record DealSort(String field, boolean descending) {
  private static final Map<String, String> FIELDS =
      Map.of(
          "created_at", "createdAt",
          "amount", "amount",
          "expected_close_date", "expectedCloseDate");

  public static final DealSort NEWEST_FIRST = new DealSort("createdAt", true);

  /** The sort of the {@code sort} query parameter; anything but the three fields is a 422. */
  public static DealSort parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return NEWEST_FIRST;
    }
    String value = raw.strip();
    boolean descending = value.startsWith("-");
    String field = FIELDS.get(descending ? value.substring(1) : value);
    if (field == null) {
      throw ApiException.validation(
          new ProblemDetail("sort", "invalid_sort", raw),
          "Query parameter 'sort' must be one of created_at, amount, expected_close_date,"
              + " with a leading '-' for descending order");
    }
    return new DealSort(field, descending);
  }

  /** The HQL order-by clause. */
  String orderBy() {
    String direction = descending ? " desc" : " asc";
    return field + direction + " nulls last, id" + direction;
  }
}
