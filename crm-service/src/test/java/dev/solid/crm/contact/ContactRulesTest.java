package dev.solid.crm.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.common.error.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactRulesTest {

  private static ContactRequest request(String name, String username, String email, String phone) {
    return new ContactRequest(name, null, null, username, email, phone, null, null);
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
    assertThatThrownBy(() -> ContactRules.forUpsert(request(null, null, "a@b", "12345")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.details())
                  .extracting(d -> d.field() + ":" + d.error())
                  .containsExactly("email:invalid_email", "phone:invalid_phone");
            });
  }

  @Test
  void shouldMergeTagsWithoutDuplicates() {
    assertThat(ContactRules.mergeTags(List.of("a", "b"), List.of("b", "c")))
        .containsExactly("a", "b", "c");
  }

  @Test
  void shouldRemoveCustomFieldSetToNull() {
    var fields = new java.util.HashMap<String, Object>();
    fields.put("a", null);
    fields.put("c", 3);
    assertThat(ContactRules.mergeCustomFields(Map.of("a", 1, "b", 2), fields))
        .containsOnlyKeys("b", "c");
  }

  @Test
  void shouldRejectMoreThanFiftyTagsAfterMerge() {
    var current = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "t" + i).toList();
    assertThatThrownBy(() -> ContactRules.mergeTags(current, List.of("new")))
        .isInstanceOf(ApiException.class);
  }
}
