package dev.solid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private final RestartPolicy policy = RestartPolicy.DEFAULT;

  @Test
  void shouldDoubleThePauseWithEveryQuickCrashInARowUpToTheLongest() {
    assertThat(policy.delay(1)).contains(Duration.ofSeconds(1));
    assertThat(policy.delay(2)).contains(Duration.ofSeconds(2));
    assertThat(policy.delay(4)).contains(Duration.ofSeconds(8));
    RestartPolicy patient =
        new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(1), 100);
    assertThat(patient.delay(50)).contains(Duration.ofSeconds(5));
  }

  @Test
  void shouldGiveUpAfterTheFifthQuickCrashInARow() {
    assertThat(policy.delay(5)).isEmpty();
  }

  @Test
  void shouldRestartAfterTheFirstPauseWhenTheRunWasNotQuick() {
    assertThat(policy.quick(Duration.ofMinutes(10))).isFalse();
    assertThat(policy.quick(Duration.ofSeconds(20))).isTrue();
    assertThat(policy.delay(0)).contains(Duration.ofSeconds(1));
  }
}
