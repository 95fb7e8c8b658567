package dev.solid.payments.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/** {@code GET /api/v1/analytics/revenue}: the periods in order, and the range's totals. */
public record RevenueReport(
    String interval, LocalDate from, LocalDate to, String currency, List<RevenuePeriod> periods) {

  @JsonProperty("object")
  public String object() {
    return "revenue_report";
  }

  @JsonProperty("totals")
  public Totals totals() {
    long gross = periods.stream().mapToLong(RevenuePeriod::gross).sum();
    long refunds = periods.stream().mapToLong(RevenuePeriod::refunds).sum();
    long churned = periods.stream().mapToLong(RevenuePeriod::churnedSubscriptions).sum();
    return new Totals(gross, refunds, gross - refunds, churned);
  }

  /** Sums over the whole range. */
  public record Totals(long gross, long refunds, long net, long churnedSubscriptions) {}
}
