package dev.solid.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRulesTest {

  @Test
  void shouldAcceptOrdinaryAddressesAndRefuseOddOnes() {
    assertThat(EmailAddresses.isValid("sarah.miller+crm@example.co.uk")).isTrue();
    assertThat(EmailAddresses.isValid("a@b")).isFalse();
    assertThat(EmailAddresses.isValid("\"quoted\"@example.com")).isFalse();
    assertThat(EmailAddresses.isValid("x@" + "a".repeat(250) + ".com")).isFalse();
    assertThat(EmailAddresses.isValid(null)).isFalse();
  }

  @Test
  void shouldNormalizeTypedPhoneNumbersToE164() {
    assertThat(PhoneNumbers.normalize("+1 (801) 555-1234")).isEqualTo("+18015551234");
    assertThat(PhoneNumbers.normalize("8015551234")).isNull();
    assertThat(PhoneNumbers.normalize("+0123")).isNull();
    assertThat(PhoneNumbers.normalize("+1234567890123456")).isNull();
  }
}
