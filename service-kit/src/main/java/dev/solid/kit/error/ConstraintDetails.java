package dev.solid.kit.error;

import dev.solid.common.error.ProblemDetail;
import jakarta.validation.ConstraintViolation;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns Bean Validation violations into the API's 422 {@code details}: the field as the JSON names
 * it, a stable error word per constraint, and the value received (capped by {@link ProblemDetail}).
 *
 * <p>A {@code @Size} violation names the bound that was crossed when there is only one ({@code
 * too_long} under a maximum, {@code too_short} over a minimum: the words the services published
 * before they used annotations), {@code invalid_length} for a range; it echoes the length, never
 * the value, so a secret that is too short or a 100 KB text is not sent back. A constraint with its
 * own {@code message} (e.g. {@code "must be {min} to {max} characters long"}) is quoted in the
 * problem's message.
 */
final class ConstraintDetails {
  private ConstraintDetails() {}

  static ProblemDetail toDetail(ConstraintViolation<?> v) {
    String path = v.getPropertyPath().toString();
    // Method-parameter paths look like "create.body.email": keep the part after the body param.
    String[] parts = path.split("\\.");
    String field =
        parts.length > 2
            ? String.join(".", List.of(parts).subList(2, parts.length))
            : parts[parts.length - 1];
    String annotation =
        v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
    String error =
        switch (annotation) {
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
    return new ProblemDetail(toSnakeCase(field), error, received);
  }

  /** The problem's message for the first violation: its own message, or the error's default. */
  static String message(ConstraintViolation<?> first, ProblemDetail detail) {
    String template = first.getMessageTemplate();
    if (template != null && !template.startsWith("{")) {
      return "Field '" + detail.field() + "' " + first.getMessage();
    }
    return message(List.of(detail));
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

  static String message(List<ProblemDetail> details) {
    return details.isEmpty()
        ? "Validation failed"
        : "Field '" + details.get(0).field() + "' " + describe(details.get(0).error());
  }

  private static String describe(String error) {
    return switch (error) {
      case "required" -> "is required";
      case "invalid_email" -> "must be a valid email address";
      case "invalid_phone" -> "must be a phone number in E.164 format (e.g. +18015551234)";
      case "invalid_length" -> "has an invalid length";
      case "too_long" -> "is too long";
      case "too_short" -> "is too short";
      case "invalid_format" -> "has an invalid format";
      case "must_be_positive" -> "must be positive";
      case "too_small" -> "is too small";
      case "too_large" -> "is too large";
      default -> "is invalid (" + error + ")";
    };
  }

  private static String toSnakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
