package dev.solid.common.caller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void shouldMakeUniqueTimeOrderedIds() throws InterruptedException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(RequestIds.newId())).isTrue();
    }
    String first = RequestIds.newId();
    Thread.sleep(2);
    String second = RequestIds.newId();
    assertThat(first).matches("req_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(first.substring(0, 14)).isLessThanOrEqualTo(second.substring(0, 14));
  }
}
