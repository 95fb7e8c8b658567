package dev.solid.kit.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatementDeadlineTest {

  @Test
  void shouldAnswer503WithRetryAfterWhenTheDatabaseNeverAnswers() {
    Uni<Object> frozen = Uni.createFrom().nothing();
    assertThatThrownBy(
            () ->
                StatementDeadline.bounded(frozen)
                    .await()
                    .atMost(StatementDeadline.deadline().plus(Duration.ofSeconds(10))))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.retryAfterSeconds()).isPositive();
            });
  }

  @Test
  void shouldPassAnAnswerThrough() {
    assertThat(StatementDeadline.bounded(Uni.createFrom().item(42)).await().indefinitely())
        .isEqualTo(42);
  }
}
