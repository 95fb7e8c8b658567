package dev.solid.crm.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/analytics/forecast}: per period, what was won in it and what the open deals
 * expected to close in it are worth, weighted by their stage's probability.
 */
@Schema(name = "ForecastReport")
@JsonPropertyOrder("object")
public record ForecastReport(
    @Schema(enumeration = {"day", "week", "month"}) String interval,
    @Schema(description = "Lower-case ISO-4217: only deals in this currency are counted")
        String currency,
    @Schema(description = "The pipeline, or null for all of them") Long pipelineId,
    @Schema(description = "The periods in order, zeros included") List<Period> periods,
    @Schema(description = "Open deals whose expected close date is before the first period")
        Bucket pastDue,
    @Schema(description = "Open deals with no expected close date") Bucket withoutCloseDate) {

  @JsonProperty("object")
  @Schema(description = "Always forecast_report")
  public String object() {
    return "forecast_report";
  }

  /**
   * One period, {@code [start, end)} in UTC dates. {@code forecast_amount} = {@code won_amount} +
   * {@code weighted_open_amount}.
   */
  @Schema(name = "ForecastPeriod")
  public record Period(
      @Schema(description = "First day") LocalDate start,
      @Schema(description = "First day of the next period") LocalDate end,
      @Schema(description = "Deals that entered a won stage in the period") long wonDeals,
      @Schema(description = "Their amount, minor units") long wonAmount,
      @Schema(description = "Open deals expected to close in the period") long openDeals,
      @Schema(description = "Their amount, minor units") long openAmount,
      @Schema(description = "Σ amount × probability / 100 of those open deals")
          long weightedOpenAmount) {

    @JsonProperty("forecast_amount")
    @Schema(description = "won_amount + weighted_open_amount")
    public long forecastAmount() {
      return wonAmount + weightedOpenAmount;
    }
  }

  /** Open deals outside the periods. */
  @Schema(name = "ForecastBucket")
  public record Bucket(long deals, long amount, long weightedAmount) {}
}
