package dev.solid.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collection;
import java.util.Map;

/**
 * One field-level failure inside a {@link Problem}: which field, what rule, and what was sent. What
 * was sent is echoed only in part: text is cut after {@value #MAX_ECHO} characters, a list keeps
 * its first {@value #MAX_ITEMS} items (each cut the same way), and an object whose text is longer
 * than {@value #MAX_ECHO} characters is left out, so an error never carries a client's 100 KB value
 * back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(String field, String error, Object received) {
  /** Most characters of a received value an error echoes. */
  public static final int MAX_ECHO = 100;

  /** Most items of a received list an error echoes. */
  public static final int MAX_ITEMS = 10;

  public ProblemDetail {
    received = capped(received);
  }

  public static ProblemDetail of(String field, String error) {
    return new ProblemDetail(field, error, null);
  }

  private static Object capped(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof CharSequence text) {
      return text.length() > MAX_ECHO ? text.subSequence(0, MAX_ECHO) + "…" : text.toString();
    }
    if (value instanceof Collection<?> items) {
      return items.stream().limit(MAX_ITEMS).map(ProblemDetail::capped).toList();
    }
    if (value instanceof Map<?, ?>) {
      return String.valueOf(value).length() > MAX_ECHO ? null : value;
    }
    String text = String.valueOf(value);
    return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "…" : text;
  }
}
