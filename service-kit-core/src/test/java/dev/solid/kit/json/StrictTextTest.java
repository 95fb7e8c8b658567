package dev.solid.kit.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictTextTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "Ann", "\uD83D\uDE00", "ü\tß"})
  void shouldCallValidUnicodeWithoutNulStorable(String text) {
    assertThat(StrictText.isStorable(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "\u0000", "k\uD800", "\uDC00x", "\uD800\uD800"})
  void shouldCallNulAndLoneSurrogatesUnstorable(String text) {
    assertThat(StrictText.isStorable(text)).isFalse();
  }
}
