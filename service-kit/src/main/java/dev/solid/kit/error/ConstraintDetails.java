package dev.solid.kit.error;

import dev.solid.common.error.ProblemDetail;
import jakarta.validation.ConstraintViolation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns Bean Validation violations into the API's 422 {@code details}: the field as the JSON names
 * it ({@link ViolationPaths}), a stable error word per constraint, and the value received (capped
 * by {@link ProblemDetail}).
 *
 * <p>A constraint whose message is a bare snake_case word ({@code message = "too_long"}) publishes
 * that word as its error, so a service keeps the words it has published; otherwise the word follows
 * from the annotation. Public for services' tests and for programmatic validation of bodies that
 * cannot carry {@code @Valid}.
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
              case "Size" -> "invalid_length";
              case "Pattern" -> "invalid_format";
              case "Positive" -> "must_be_positive";
              case "PositiveOrZero", "Min", "DecimalMin" -> "too_small";
              case "Max", "DecimalMax" -> "too_large";
              default -> toSnakeCase(annotation);
            };
    return new ProblemDetail(field, error, v.getInvalidValue());
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
      case "too_long" -> "is too long";
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
