package dev.solid.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final List<Duration> DEFAULT_SCHEDULE =
      List.of(
          Duration.ZERO,
          Duration.ofMinutes(5),
          Duration.ofHours(1),
          Duration.ofHours(6),
          Duration.ofHours(17));

  private final RetryPolicy exact = new RetryPolicy(DEFAULT_SCHEDULE, 0, Duration.ofHours(1));

  @Test
  void shouldFollowTheScheduleAndFailAfterTheLastAttempt() {
    assertThat(exact.maxAttempts()).isEqualTo(5);
    assertThat(exact.decide(1, 5, 500, null).retryIn()).isEqualTo(Duration.ofMinutes(5));
    assertThat(exact.decide(2, 5, null, null).retryIn()).isEqualTo(Duration.ofHours(1));
    assertThat(exact.decide(3, 5, 502, null).retryIn()).isEqualTo(Duration.ofHours(6));
    assertThat(exact.decide(4, 5, 302, null).retryIn()).isEqualTo(Duration.ofHours(17));
    assertThat(exact.decide(5, 5, 500, null).status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(DEFAULT_SCHEDULE.stream().mapToLong(Duration::toHours).sum()).isEqualTo(24);
  }

  @Test
  void shouldStopOnSuccessAndDisableOnGone() {
    assertThat(exact.decide(1, 5, 204, null).status()).isEqualTo(DeliveryStatus.DELIVERED);
    RetryPolicy.Decision gone = exact.decide(1, 5, 410, null);
    assertThat(gone.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(gone.disableEndpoint()).isTrue();
  }

  @Test
  void shouldHonourRetryAfterOn429And503UpToTheBound() {
    assertThat(exact.decide(1, 5, 429, Duration.ofMinutes(30)).retryIn())
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(exact.decide(1, 5, 503, Duration.ofDays(3)).retryIn())
        .isEqualTo(Duration.ofHours(1));
    // Never sooner than the schedule, and ignored for other statuses.
    assertThat(exact.decide(1, 5, 429, Duration.ofSeconds(1)).retryIn())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(exact.decide(1, 5, 500, Duration.ofMinutes(30)).retryIn())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldReadRetryAfterAsSecondsOrHttpDate() {
    Instant now = Instant.parse("2026-11-24T06:00:00Z");
    assertThat(DeliverySender.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
    assertThat(DeliverySender.retryAfter(" 2 ", now)).isEqualTo(Duration.ofSeconds(2));
    assertThat(DeliverySender.retryAfter("Tue, 24 Nov 2026 06:01:30 GMT", now))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(DeliverySender.retryAfter("Tue, 24 Nov 2026 05:00:00 GMT", now))
        .isEqualTo(Duration.ZERO);
    assertThat(DeliverySender.retryAfter("-5", now)).isNull();
    assertThat(DeliverySender.retryAfter("soon", now)).isNull();
    assertThat(DeliverySender.retryAfter(null, now)).isNull();
  }

  @Test
  void shouldJitterWithinTheConfiguredFraction() {
    RetryPolicy jittered = new RetryPolicy(DEFAULT_SCHEDULE, 0.1, Duration.ofHours(1));
    for (int i = 0; i < 200; i++) {
      long ms = jittered.decide(2, 5, 500, null).retryIn().toMillis();
      assertThat(ms).isBetween(3_240_000L, 3_960_000L);
    }
  }
}
