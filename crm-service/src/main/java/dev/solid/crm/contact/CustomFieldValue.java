package dev.solid.crm.contact;

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
 * A value of a contact's custom field, by {@link ContactRules#customFieldValueError}: text, a
 * finite number, a boolean or null. A map's values are plain JSON, so this is where their text is
 * checked like every other text field. The 422 detail's error names what is wrong ({@code
 * too_long}, {@code invalid_characters}, {@code invalid_value}).
 */
@Documented
@Constraint(validatedBy = CustomFieldValue.Validator.class)
@Target({ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface CustomFieldValue {
  String message() default "invalid_value";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Validates {@link CustomFieldValue}, reporting the rule's own error word. */
  class Validator implements ConstraintValidator<CustomFieldValue, Object> {
    @Override
    public boolean isValid(Object value, ConstraintValidatorContext context) {
      String error = ContactRules.customFieldValueError(value);
      if (error == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(error).addConstraintViolation();
      return false;
    }
  }
}
