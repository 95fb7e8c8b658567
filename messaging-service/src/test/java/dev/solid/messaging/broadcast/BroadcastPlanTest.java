package dev.solid.messaging.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.messaging.contact.ProjectedContact;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-recipient decisions of a broadcast; pure, no infrastructure. */
class BroadcastPlanTest {

  private static ProjectedContact contact(long id, String phone, String username, String first) {
    return new ProjectedContact(
        id, null, first, null, username, null, phone, null, List.of(), Map.of());
  }

  @Test
  void shouldAddressSmsByPhoneAndSkipContactsWithoutOne() {
    BroadcastService.Plan plan =
        BroadcastService.plan(
            "sms",
            "Hi {first_name}",
            null,
            List.of(
                contact(1, "+1 (801) 555-0001", null, "Ann"),
                contact(2, null, "bob", "Bob"),
                contact(3, "not-a-phone", null, "Cy")));
    assertThat(plan.recipients())
        .containsExactly(new BroadcastService.Recipient(1, "+18015550001", "Hi Ann"));
    assertThat(plan.skipped())
        .containsExactly(
            new SkippedRecipient(2, "no_address", "phone"),
            new SkippedRecipient(3, "invalid_address", "not-a-phone"));
    assertThat(plan.total()).isEqualTo(3);
  }

  @Test
  void shouldKeepTheCallersOrderAndReportUnknownIdsAndMissingVariables() {
    BroadcastService.Plan plan =
        BroadcastService.plan(
            "telegram",
            "Hi {first_name}",
            List.of(9L, 2L, 1L),
            List.of(contact(1, null, "@ann_smith", "Ann"), contact(2, null, "bob_jones", null)));
    assertThat(plan.recipients())
        .containsExactly(new BroadcastService.Recipient(1, "ann_smith", "Hi Ann"));
    assertThat(plan.skipped())
        .containsExactly(
            new SkippedRecipient(9, "contact_not_found", null),
            new SkippedRecipient(2, "missing_variable", "{first_name}"));
  }
}
