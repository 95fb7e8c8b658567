package dev.solid.payments.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proration and periods against examples computed by hand, as Stripe documents them. */
class ProrationTest {
  private static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");
  private static final Instant JUNE_1 = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void upgradingHalfwayCreditsHalfTheOldAndChargesHalfTheNew() {
    // Stripe's example: $10 → $20 a month, halfway: $5 credit, $10 charge, $5 due.
    Instant half = MAY_1.plusSeconds(31L * 86_400 / 2);
    Proration p = Proration.of(1000, 2000, MAY_1, JUNE_1, half);
    assertThat(p.credit()).isEqualTo(500);
    assertThat(p.charge()).isEqualTo(1000);
    assertThat(p.amount()).isEqualTo(500);
  }

  @Test
  void prorationIsToTheSecondAndRoundedHalfUp() {
    // 31 days = 2,678,400 s. Changing 10 days and 1 s into May leaves 1,814,399 s.
    Instant at = MAY_1.plusSeconds(10L * 86_400 + 1);
    // 2999 × 1,814,399 / 2,678,400 = 2031.59… → 2032; 4999 × … = 3386.43… → 3386.
    Proration p = Proration.of(2999, 4999, MAY_1, JUNE_1, at);
    assertThat(p.credit()).isEqualTo(2032);
    assertThat(p.charge()).isEqualTo(3386);
    assertThat(p.amount()).isEqualTo(1354);
  }

  @Test
  void downgradingIsANegativeAmount() {
    Instant at = MAY_1.plusSeconds(31L * 86_400 * 3 / 4);
    Proration p = Proration.of(4000, 1000, MAY_1, JUNE_1, at);
    assertThat(p.credit()).isEqualTo(1000);
    assertThat(p.charge()).isEqualTo(250);
    assertThat(p.amount()).isEqualTo(-750);
  }

  @Test
  void monthlyPeriodsKeepTheirAnchorDay() {
    Instant jan31 = Instant.parse("2027-01-31T12:00:00Z");
    assertThat(Periods.end(jan31, "month", 1)).isEqualTo(Instant.parse("2027-02-28T12:00:00Z"));
    assertThat(Periods.end(jan31, "month", 2)).isEqualTo(Instant.parse("2027-03-31T12:00:00Z"));
    assertThat(Periods.next(jan31, "month", Instant.parse("2027-02-28T12:00:00Z")))
        .isEqualTo(Instant.parse("2027-03-31T12:00:00Z"));
    Instant leap = Instant.parse("2028-02-29T00:00:00Z");
    assertThat(Periods.end(leap, "year", 1)).isEqualTo(Instant.parse("2029-02-28T00:00:00Z"));
    assertThat(Periods.end(leap, "year", 4)).isEqualTo(Instant.parse("2032-02-29T00:00:00Z"));
  }
}
