package dev.solid.crm.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.common.error.ApiException;
import dev.solid.kit.error.ConstraintDetails;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ContactRulesTest {
  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  private static ContactRequest request(String name, String username, String email, String phone) {
    return new ContactRequest(name, null, null, username, email, phone, null, null);
  }

  /** The 422 details the service answers for this body's constraint violations. */
  private static List<String> violations(Object body) {
    return VALIDATOR.validate(body).stream()
        .map(ConstraintDetails::toDetail)
        .map(d -> d.field() + ":" + d.error())
        .sorted()
        .toList();
  }

  @Test
  void shouldSplitNameAtFirstSpace() {
    var input = ContactRules.forUpsert(request("Mary Ann Smith", null, null, null));
    assertThat(input.firstName()).isEqualTo("Mary");
    assertThat(input.lastName()).isEqualTo("Ann Smith");
  }

  @Test
  void shouldStripAtFromUsernameAndNormalizePhone() {
    var input = ContactRules.forUpsert(request(null, "@sarah_miller", null, "+1 (801) 555.12-34"));
    assertThat(input.username()).isEqualTo("sarah_miller");
    assertThat(input.phone()).isEqualTo("+18015551234");
  }

  @Test
  void shouldReportEveryInvalidFieldAtOnce() {
    assertThat(violations(request(null, null, "a@b", "12345")))
        .containsExactly("email:invalid_email", "phone:invalid_phone");
  }

  @Test
  void shouldTreatBlankTextAsNotGivenAndDropSurroundingWhitespace() {
    ContactRequest body = request("  ", " @sarah ", " sarah@example.com ", "");
    assertThat(violations(body)).isEmpty();
    var input = ContactRules.forUpsert(body);
    assertThat(input.name()).isNull();
    assertThat(input.username()).isEqualTo("sarah");
    assertThat(input.email()).isEqualTo("sarah@example.com");
    assertThat(input.phone()).isNull();
  }

  @Test
  void shouldMeasureAUsernameWithoutItsAt() {
    assertThat(violations(request(null, "@" + "a".repeat(64), null, null))).isEmpty();
    assertThat(violations(request(null, "a".repeat(65), null, null)))
        .containsExactly("username:too_long");
    assertThat(violations(request(null, "@bad name", null, null)))
        .containsExactly("username:invalid_username");
    assertThat(violations(request(null, "@", null, null)))
        .containsExactly("username:invalid_username");
  }

  @Test
  void shouldNameTheTagAndTheCustomFieldThatAreInvalid() {
    Map<String, Object> fields = new HashMap<>();
    fields.put("bad key", 1);
    fields.put("nested", Map.of("a", 1));
    fields.put("note", "x".repeat(1001));
    fields.put("nul", "a\u0000b");
    fields.put("surrogate", "\ud800");
    fields.put("infinite", Double.POSITIVE_INFINITY);
    fields.put("removed", null);
    fields.put("ok", 1.5);
    var body =
        new ContactRequest(
            "Bob", null, null, null, null, null, List.of("ok", " ", "x".repeat(65)), fields);
    assertThat(violations(body))
        .containsExactly(
            "custom_fields.infinite:invalid_value",
            "custom_fields.nested:invalid_value",
            "custom_fields.note:too_long",
            "custom_fields.nul:invalid_characters",
            "custom_fields.surrogate:invalid_characters",
            "custom_fields:invalid_key",
            "tags[1]:invalid_tag",
            "tags[2]:invalid_tag");
  }

  @Test
  void shouldRejectANameDerivedFromPartsThatIsTooLong() {
    var body =
        new ContactRequest(null, "a".repeat(150), "b".repeat(150), null, null, null, null, null);
    assertThat(violations(body)).isEmpty();
    assertThatThrownBy(() -> ContactRules.forUpsert(body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.details())
                    .extracting(d -> d.field() + ":" + d.error())
                    .containsExactly("name:too_long"));
  }

  @Test
  void shouldRequireAnIdentifier() {
    var body = new ContactRequest(null, null, null, null, null, null, List.of("x"), null);
    assertThatThrownBy(() -> ContactRules.forUpsert(body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.details())
                    .extracting(d -> d.field())
                    .containsExactly("name", "email", "username", "phone"));
  }

  @Test
  void shouldMergeTagsWithoutDuplicates() {
    assertThat(ContactRules.mergeTags(List.of("a", "b"), List.of("b", "c")))
        .containsExactly("a", "b", "c");
  }

  @Test
  void shouldRemoveCustomFieldSetToNull() {
    var fields = new HashMap<String, Object>();
    fields.put("a", null);
    fields.put("c", 3);
    assertThat(ContactRules.mergeCustomFields(Map.of("a", 1, "b", 2), fields))
        .containsOnlyKeys("b", "c");
  }

  @Test
  void shouldRejectMoreThanFiftyTagsAfterMerge() {
    var current = IntStream.range(0, 50).mapToObj(i -> "t" + i).toList();
    assertThatThrownBy(() -> ContactRules.mergeTags(current, List.of("new")))
        .isInstanceOf(ApiException.class);
  }
}
