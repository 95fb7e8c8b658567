package dev.solid.kit.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.common.error.ProblemDetail;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ConstraintSizeDetailsTest {
  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  record Body(
      @NotBlank @Size(max = 5) String name,
      @Size(min = 3) List<String> tags,
      @Size(min = 16, max = 256, message = "must be {min} to {max} characters long")
          String secret) {}

  @Test
  void shouldNameTheCrossedBoundOfASizeAndEchoOnlyTheLength() {
    assertThat(detail(new Body("far too long", null, null)))
        .isEqualTo(new ProblemDetail("name", "too_long", 12));
    assertThat(detail(new Body("ok", List.of("a"), null)))
        .isEqualTo(new ProblemDetail("tags", "too_short", 1));
    // A range is one rule; the secret itself never comes back, only its length.
    assertThat(detail(new Body("ok", null, "my-secret")))
        .isEqualTo(new ProblemDetail("secret", "invalid_length", 9));
  }

  @Test
  void shouldQuoteAConstraintsOwnMessageAndDescribeTheOthers() {
    ConstraintViolation<Body> secret = violation(new Body("ok", null, "my-secret"));
    assertThat(ConstraintDetails.message(secret, ConstraintDetails.toDetail(secret)))
        .isEqualTo("Field 'secret' must be 16 to 256 characters long");
    ConstraintViolation<Body> name = violation(new Body("far too long", null, null));
    assertThat(ConstraintDetails.message(name, ConstraintDetails.toDetail(name)))
        .isEqualTo("Field 'name' is too long");
    ConstraintViolation<Body> blank = violation(new Body(" ", null, null));
    assertThat(ConstraintDetails.message(blank, ConstraintDetails.toDetail(blank)))
        .isEqualTo("Field 'name' is required");
  }

  private static ProblemDetail detail(Body body) {
    return ConstraintDetails.toDetail(violation(body));
  }

  private static ConstraintViolation<Body> violation(Body body) {
    var violations = VALIDATOR.validate(body);
    assertThat(violations).hasSize(1);
    return violations.iterator().next();
  }
}
