package dev.solid.common.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.common.error.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void shouldDefaultToFiftyFromZero() {
    assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(50, 0));
  }

  @Test
  void shouldRejectLimitOverTwoHundredWithFieldDetail() {
    assertThatThrownBy(() -> PageRequest.of(201, 0))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.details().get(0).field()).isEqualTo("limit");
            });
  }

  @Test
  void shouldRejectNegativeOffset() {
    assertThatThrownBy(() -> PageRequest.of(10, -1)).isInstanceOf(ApiException.class);
  }

  @Test
  void shouldReportHasMoreOnlyWhenItemsRemain() {
    PageRequest request = PageRequest.of(2, 0);
    assertThat(Page.of(List.of(1, 2), 3, request).hasMore()).isTrue();
    assertThat(Page.of(List.of(1, 2), 2, request).hasMore()).isFalse();
  }
}
