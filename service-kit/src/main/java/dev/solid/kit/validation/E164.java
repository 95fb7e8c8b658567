package dev.solid.kit.validation;

import dev.solid.common.text.PhoneNumbers;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A phone number in E.164 form ({@code +18015551234}); the separators a person types are allowed
 * and dropped by {@link PhoneNumbers#normalize}. Null is valid (use {@code @NotNull} to require
 * it). 422 detail error: {@code invalid_phone}.
 */
@Documented
@Constraint(validatedBy = E164.Validator.class)
@Target({
  ElementType.FIELD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.METHOD
})
@Retention(RetentionPolicy.RUNTIME)
public @interface E164 {
  String message() default "must be a phone number in E.164 format (e.g. +18015551234)";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Validates {@link E164}. */
  class Validator implements ConstraintValidator<E164, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || value.isBlank() || PhoneNumbers.isValid(value);
    }
  }
}
