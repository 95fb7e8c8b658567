package dev.solid.common.page;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;

/** {@code limit} (default 50, at most 200) and {@code offset} (default 0) of a list request. */
public record PageRequest(int limit, int offset) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /**
   * Validates raw query values; null means "not given". Out-of-range values are a 422 naming the
   * field, never silently clamped.
   */
  public static PageRequest of(Integer limit, Integer offset) {
    int l = limit == null ? DEFAULT_LIMIT : limit;
    int o = offset == null ? 0 : offset;
    if (l < 1 || l > MAX_LIMIT) {
      throw ApiException.validation(
          new ProblemDetail("limit", "out_of_range", l),
          "Query parameter 'limit' must be between 1 and " + MAX_LIMIT);
    }
    if (o < 0) {
      throw ApiException.validation(
          new ProblemDetail("offset", "out_of_range", o),
          "Query parameter 'offset' must be 0 or more");
    }
    return new PageRequest(l, o);
  }
}
