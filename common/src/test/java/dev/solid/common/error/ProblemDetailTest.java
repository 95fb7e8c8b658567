package dev.solid.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemDetailTest {

  @Test
  void shouldEchoOnlyTheStartOfALongValue() {
    String huge = "x".repeat(100_000);
    Object received = new ProblemDetail("name", "invalid_length", huge).received();
    assertThat((String) received).hasSize(ProblemDetail.MAX_ECHO + 1).endsWith("…");
  }

  @Test
  void shouldEchoOnlyTheFirstItemsOfALongList() {
    List<String> many = Collections.nCopies(1000, "y".repeat(10_000));
    @SuppressWarnings("unchecked")
    List<String> received =
        (List<String>) new ProblemDetail("scopes", "invalid_value", many).received();
    assertThat(received)
        .hasSize(ProblemDetail.MAX_ITEMS)
        .allMatch(s -> s.length() == ProblemDetail.MAX_ECHO + 1);
    assertThat(new ProblemDetail("scopes", "invalid_value", List.of("a")).received())
        .isEqualTo(List.of("a"));
  }

  @Test
  void shouldEchoScalarsAsSent() {
    assertThat(new ProblemDetail("amount", "must_be_positive", -500).received()).isEqualTo(-500);
    assertThat(new ProblemDetail("active", "invalid_type", true).received()).isEqualTo(true);
  }
}
