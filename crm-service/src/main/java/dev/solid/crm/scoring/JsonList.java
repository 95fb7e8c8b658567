package dev.solid.crm.scoring;

import java.util.List;
import java.util.Map;

/**
 * A JSON list stored in a jsonb column as {@code {"items": [...]}}: Hibernate Reactive reads a JSON
 * column only as an object, and fails on a top-level array.
 */
final class JsonList {
  private static final String ITEMS = "items";

  private JsonList() {}

  static Map<String, Object> of(List<Map<String, Object>> items) {
    return new java.util.LinkedHashMap<>(Map.of(ITEMS, List.copyOf(items)));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(Map<String, Object> stored) {
    Object items = stored == null ? null : stored.get(ITEMS);
    return items instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
  }
}
