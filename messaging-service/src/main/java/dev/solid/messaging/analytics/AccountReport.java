package dev.solid.messaging.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /api/v1/analytics/accounts}: every sender account of the tenant in id order (at most
 * {@link AccountAnalytics#MAX_ACCOUNTS}; {@code truncated} when there are more), and the sums.
 */
public record AccountReport(
    LocalDate from, LocalDate to, List<AccountStats> accounts, boolean truncated) {

  @JsonProperty("object")
  public String object() {
    return "account_report";
  }

  @JsonProperty("totals")
  public Totals totals() {
    return new Totals(
        accounts.stream().mapToLong(AccountStats::sent).sum(),
        accounts.stream().mapToLong(AccountStats::failed).sum(),
        accounts.stream().mapToLong(AccountStats::received).sum(),
        accounts.stream().mapToLong(AccountStats::usedToday).sum());
  }

  /** Sums over the listed accounts. */
  public record Totals(long sent, long failed, long received, long usedToday) {}
}
