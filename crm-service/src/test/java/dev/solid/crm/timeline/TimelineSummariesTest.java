package dev.solid.crm.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineSummariesTest {

  @Test
  void shouldWriteAmountsInTheCurrencysSymbolAndMinorUnits() {
    assertThat(TimelineSummaries.order(1001, "paid", 120_000, "usd"))
        .isEqualTo("Order 1001 paid: $1,200.00");
    assertThat(TimelineSummaries.money(5, "USD")).isEqualTo("$0.05");
    assertThat(TimelineSummaries.money(1_500, "jpy")).isEqualTo("¥1,500");
    assertThat(TimelineSummaries.money(99_950, "eur")).isEqualTo("€999.50");
    assertThat(TimelineSummaries.money(100, "zzz")).isEqualTo("1.00 zzz");
  }

  @Test
  void shouldCutLongTextToASnippetWithoutSplittingACharacter() {
    String text = "a".repeat(138) + "😀😀";
    String snippet = TimelineSummaries.snippet(text);
    assertThat(snippet).hasSizeLessThanOrEqualTo(TimelineSummaries.SNIPPET).endsWith("…");
    assertThat(Character.isHighSurrogate(snippet.charAt(snippet.length() - 2))).isFalse();
    assertThat(TimelineSummaries.snippet("  two\n\nlines ")).isEqualTo("two lines");
  }

  @Test
  void shouldNameTheChannelPartyAndTextOfAMessage() {
    assertThat(TimelineSummaries.messageReceived("telegram", "sarah", "Hi"))
        .isEqualTo("Telegram message received from sarah: “Hi”");
    assertThat(TimelineSummaries.messageFailed("sms", "+18015550100", null))
        .isEqualTo("SMS to +18015550100 failed");
  }
}
