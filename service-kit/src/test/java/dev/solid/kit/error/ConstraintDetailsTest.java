package dev.solid.kit.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.common.error.ProblemDetail;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ConstraintDetailsTest {
  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  record Body(
      @Size(max = 3) String displayName,
      @Size(max = 3, message = "too_long") String nickName,
      List<@NotBlank String> tags,
      Map<@Pattern(regexp = "[a-z]+", message = "invalid_key") String, @NotBlank String>
          customFields) {}

  /** Stands in for a resource: a body and a query parameter. */
  static class Resource {
    public void create(@Valid Body body) {}

    public void list(@Max(200) Integer limit) {}
  }

  private static List<String> details(Stream<ProblemDetail> details) {
    return details.map(d -> d.field() + ":" + d.error() + ":" + d.received()).sorted().toList();
  }

  @Test
  void shouldNameFieldsAsTheJsonDoesWithTheConstraintsWord() {
    Body body = new Body("abcd", "abcd", List.of("ok", " "), Map.of("Bad", "v", "plan", " "));
    assertThat(details(VALIDATOR.validate(body).stream().map(ConstraintDetails::toDetail)))
        .containsExactly(
            "custom_fields.plan:required: ",
            "custom_fields:invalid_key:Bad",
            "display_name:too_long:4",
            "nick_name:too_long:4",
            "tags[1]:required: ");
  }

  @Test
  void shouldNameTheBodysFieldOrTheQueryParameterOfAResourceMethod() throws Exception {
    var executables = VALIDATOR.forExecutables();
    Resource resource = new Resource();
    var create = Resource.class.getMethod("create", Body.class);
    var list = Resource.class.getMethod("list", Integer.class);
    Body body = new Body(null, "abcd", null, null);
    assertThat(
            details(
                executables.validateParameters(resource, create, new Object[] {body}).stream()
                    .map(ConstraintDetails::toDetail)))
        .containsExactly("nick_name:too_long:4");
    assertThat(
            details(
                executables.validateParameters(resource, list, new Object[] {201}).stream()
                    .map(ConstraintDetails::toDetail)))
        .containsExactly("limit:too_large:201");
  }
}
