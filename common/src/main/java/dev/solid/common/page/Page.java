package dev.solid.common.page;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The pagination envelope of every list endpoint. */
public record Page<T>(
    List<T> items, long total, int limit, int offset, @JsonProperty("has_more") boolean hasMore) {

  public static <T> Page<T> of(List<T> items, long total, PageRequest request) {
    return new Page<>(
        items,
        total,
        request.limit(),
        request.offset(),
        (long) request.offset() + items.size() < total);
  }
}
