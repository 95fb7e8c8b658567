package dev.solid.kit.error;

import dev.solid.common.error.ProblemDetail;
import jakarta.validation.ConstraintViolation;
import java.util.List;

/**
 * Turns Bean Validation violations into the API's 422 {@code details}: the field as the JSON names
 * it, a stable error word per constraint, and the value received (capped by {@link ProblemDetail}).
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
          case "Size" -> "invalid_length";
          case "Pattern" -> "invalid_format";
          case "Positive" -> "must_be_positive";
          case "PositiveOrZero", "Min", "DecimalMin" -> "too_small";
          case "Max", "DecimalMax" -> "too_large";
          default -> toSnakeCase(annotation);
        };
    return new ProblemDetail(toSnakeCase(field), error, v.getInvalidValue());
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
