package dev.solid.kit.validation;

import dev.solid.common.text.EmailAddresses;
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
 * An email address by the platform's one rule ({@link EmailAddresses}), used instead of Bean
 * Validation's {@code @Email}, which accepts addresses such as {@code a@b} that the gateway's
 * signup refuses. Null and blank are valid (use {@code @NotBlank} to require it). 422 detail error:
 * {@code invalid_email}.
 */
@Documented
@Constraint(validatedBy = EmailAddress.Validator.class)
@Target({
  ElementType.FIELD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.METHOD
})
@Retention(RetentionPolicy.RUNTIME)
public @interface EmailAddress {
  String message() default "must be a valid email address";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Validates {@link EmailAddress}. */
  class Validator implements ConstraintValidator<EmailAddress, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || value.isBlank() || EmailAddresses.isValid(value);
    }
  }
}
