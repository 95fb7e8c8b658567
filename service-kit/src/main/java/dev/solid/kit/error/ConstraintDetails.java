package dev.solid.kit.error;

import dev.solid.common.error.ProblemDetail;
import jakarta.validation.ConstraintViolation;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns Bean Validation violations into the API's 422 {@code details}: the field as the JSON names
 * it ({@link ViolationPaths}), a stable error word per constraint, and the value received (capped
 * by {@link ProblemDetail}).
 *
 * <p>A constraint whose message is a bare snake_case word ({@code message = "too_long"}) publishes
 * that word as its error, so a service keeps the words it has published; otherwise the word follows
 * from the annotation. A {@code @Size} violation names the bound that was crossed when there is
 * only one ({@code too_long} under a maximum, {@code too_short} over a minimum), {@code
 * invalid_length} for a range, and echoes the length, never the value, so a secret that is too
 * short or a 100 KB text is not sent back. A constraint with its own sentence as message (e.g.
 * {@code "must be {min} to {max} characters long"}) is quoted in the problem's message. Public for
 * services' tests and for programmatic validation of bodies that cannot carry {@code @Valid}.
 */
public final class ConstraintDetails {
  private static final Pattern ERROR_WORD = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private ConstraintDetails() {}

  public static ProblemDetail toDetail(ConstraintViolation<?> v) {
    String field = ViolationPaths.field(v.getPropertyPath());
    String template = v.getMessageTemplate();
    String annotation =
        v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
    String error =
        template != null && ERROR_WORD.matcher(template).matches()
            ? template
            : switch (annotation) {
              case "NotNull", "NotBlank", "NotEmpty" -> "required";
              case "Email", "EmailAddress" -> "invalid_email";
              case "E164" -> "invalid_phone";
              case "Size" -> sizeError(v);
              case "Pattern" -> "invalid_format";
              case "Positive" -> "must_be_positive";
              case "PositiveOrZero", "Min", "DecimalMin" -> "too_small";
              case "Max", "DecimalMax" -> "too_large";
              default -> toSnakeCase(annotation);
            };
    Object received = "Size".equals(annotation) ? sizeOf(v.getInvalidValue()) : v.getInvalidValue();
    return new ProblemDetail(field, error, received);
  }

  /** The problem's message for the first violation: its own sentence, or the error's default. */
  static String message(ConstraintViolation<?> first, ProblemDetail detail) {
    String template = first.getMessageTemplate();
    if (template != null && !template.startsWith("{") && !ERROR_WORD.matcher(template).matches()) {
      return "Field '" + detail.field() + "' " + first.getMessage();
    }
    return message(List.of(detail));
  }

  static String message(List<ProblemDetail> details) {
    return details.isEmpty()
        ? "Validation failed"
        : "Field '" + details.get(0).field() + "' " + describe(details.get(0).error());
  }

  private static String sizeError(ConstraintViolation<?> v) {
    Map<String, Object> bounds = v.getConstraintDescriptor().getAttributes();
    boolean hasMin = bounds.get("min") instanceof Integer min && min > 0;
    boolean hasMax = bounds.get("max") instanceof Integer max && max < Integer.MAX_VALUE;
    if (hasMin == hasMax) {
      return "invalid_length";
    }
    return hasMax ? "too_long" : "too_short";
  }

  private static Object sizeOf(Object value) {
    if (value instanceof CharSequence text) {
      return text.length();
    }
    if (value instanceof Collection<?> items) {
      return items.size();
    }
    if (value instanceof Map<?, ?> entries) {
      return entries.size();
    }
    if (value != null && value.getClass().isArray()) {
      return Array.getLength(value);
    }
    return null;
  }

  private static String describe(String error) {
    return switch (error) {
      case "required" -> "is required";
      case "invalid_email" -> "must be a valid email address";
      case "invalid_phone" -> "must be a phone number in E.164 format (e.g. +18015551234)";
      case "invalid_length" -> "has an invalid length";
      case "invalid_format" -> "has an invalid format";
      case "must_be_positive" -> "must be positive";
      case "too_small" -> "is too small";
      case "too_large" -> "is too large";
      case "too_long" -> "is too long";
      case "too_short" -> "is too short";
      case "too_many" -> "has too many entries";
      case "invalid_key" -> "has an invalid key";
      case "invalid_value" -> "has a value of an unsupported type";
      case "invalid_characters" -> "must not contain NUL characters or unpaired surrogates";
      default -> "is invalid (" + error + ")";
    };
  }

  private static String toSnakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
