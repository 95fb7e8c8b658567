package dev.solid.messaging.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectedContactTest {

  private static ProjectedContact contact(String username, Long telegramId) {
    return new ProjectedContact(
        1, "Sarah", "Sarah", null, username, null, "+15550001", telegramId, List.of(), Map.of());
  }

  @Test
  void shouldAddressTelegramByTheUserIdBeforeTheUsername() {
    assertThat(contact("sarah", 5_123_456_789L).address(false)).isEqualTo("5123456789");
  }

  @Test
  void shouldAddressTelegramByUsernameWhenTheUserIdIsUnknown() {
    assertThat(contact("sarah", null).address(false)).isEqualTo("sarah");
  }

  @Test
  void shouldAddressSmsByPhone() {
    assertThat(contact("sarah", 5_123_456_789L).address(true)).isEqualTo("+15550001");
  }
}
