package dev.solid.crm.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Ratios of the reports: four decimals, half up; null when there is nothing to divide by. */
final class Rates {
  private Rates() {}

  static BigDecimal of(long part, long whole) {
    return whole == 0
        ? null
        : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
  }
}
