package dev.solid.gateway.http;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Collects field errors of one request and throws them together as one 422. What a detail echoes
 * back in {@code received} is capped ({@link #echo}): an error never repeats a whole 100 KB input.
 */
public final class Validation {
  /** Longest string an error repeats; a longer one is cut and ends with "…". */
  static final int MAX_ECHOED_CHARS = 100;

  /** Most items of a list an error repeats. */
  static final int MAX_ECHOED_ITEMS = 10;

  private static final Pattern EMAIL =
      Pattern.compile(
          "^[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  private final List<ProblemDetail> details = new ArrayList<>();
  // The message of the first failure, when it says more than its error code (a range).
  private String firstMessage;

  public Validation required(String field, Object value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      add(field, "required", null, null);
    }
    return this;
  }

  public Validation maxLength(String field, String value, int max) {
    if (value != null && value.length() > max) {
      add(field, "too_long", value.length(), "must be at most " + max + " characters");
    }
    return this;
  }

  public Validation email(String field, String value) {
    if (value != null
        && !value.isBlank()
        && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
      add(field, "invalid_email", value, null);
    }
    return this;
  }

  /** A whole number from {@code min} to {@code max}; the message gives the allowed range. */
  public Validation range(String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      add(field, "out_of_range", value, "must be from " + min + " to " + max);
    }
    return this;
  }

  public Validation check(boolean ok, String field, String error, Object received) {
    if (!ok) {
      add(field, error, received, null);
    }
    return this;
  }

  private void add(String field, String error, Object received, String message) {
    if (details.isEmpty()) {
      firstMessage = message;
    }
    details.add(detail(field, error, received));
  }

  /** Throws 422 naming the first failure in the message and all of them in details. */
  public void orThrow() {
    if (!details.isEmpty()) {
      ProblemDetail first = details.get(0);
      throw ApiException.validation(
          "Field '"
              + first.field()
              + "' "
              + (firstMessage == null ? describe(first.error()) : firstMessage),
          List.copyOf(details));
    }
  }

  /** A field failure whose {@code received} is {@link #echo capped}. */
  public static ProblemDetail detail(String field, String error, Object received) {
    return new ProblemDetail(field, error, echo(received));
  }

  /**
   * What an error may repeat of a received value: numbers and booleans as they are, a string up to
   * {@value #MAX_ECHOED_CHARS} characters (longer ones cut, ending with "…"), the first {@value
   * #MAX_ECHOED_ITEMS} plain items of a list, and never an object or a nested list.
   */
  public static Object echo(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof CharSequence text) {
      return cut(text.toString());
    }
    if (value instanceof Collection<?> items) {
      return items.stream()
          .filter(item -> !(item instanceof Collection<?>) && !(item instanceof Map<?, ?>))
          .limit(MAX_ECHOED_ITEMS)
          .map(Validation::echo)
          .filter(Objects::nonNull)
          .toList();
    }
    return null;
  }

  /** The text cut to {@value #MAX_ECHOED_CHARS} characters, never inside a surrogate pair. */
  public static String cut(String text) {
    if (text.length() <= MAX_ECHOED_CHARS) {
      return text;
    }
    int end = MAX_ECHOED_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  private static String describe(String error) {
    return switch (error) {
      case "required" -> "is required";
      case "too_long" -> "is too long";
      case "too_short" -> "is too short";
      case "invalid_email" -> "must be a valid email address";
      case "unknown_scope" -> "contains an unknown scope";
      default -> "is invalid (" + error + ")";
    };
  }
}
