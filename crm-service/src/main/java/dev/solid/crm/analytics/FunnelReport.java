package dev.solid.crm.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/analytics/funnel}: the contacts created in the range, and how many of them
 * reached each later step.
 */
@Schema(name = "FunnelReport")
@JsonPropertyOrder("object")
public record FunnelReport(
    @Schema(description = "First day of the cohort (UTC)") LocalDate from,
    @Schema(description = "Last day of the cohort (UTC), included") LocalDate to,
    @Schema(description = "created, warm, mql, with_deal, won, in that order") List<Step> steps) {

  @JsonProperty("object")
  @Schema(description = "Always funnel_report")
  public String object() {
    return "funnel_report";
  }

  /** won / created: the cohort's end-to-end conversion; null for an empty cohort. */
  @JsonProperty("overall_conversion_rate")
  @Schema(description = "won / created, 4 decimals; null when no contact was created")
  public BigDecimal overallConversionRate() {
    return steps.isEmpty()
        ? null
        : Rates.of(steps.get(steps.size() - 1).count(), steps.get(0).count());
  }

  /**
   * One step. {@code conversion_rate} is this step's count over the previous step's (null for the
   * first step and after an empty one); {@code rate_of_created} is over the cohort.
   */
  @Schema(name = "FunnelStep")
  public record Step(
      @Schema(description = "created, warm, mql, with_deal or won", examples = "warm") String key,
      @Schema(description = "A label for a chart", examples = "Warm or better") String label,
      @Schema(description = "Contacts of the cohort that reached this step") long count,
      @Schema(description = "count / previous step's count, 4 decimals; null for the first")
          BigDecimal conversionRate,
      @Schema(description = "count / created, 4 decimals; null for an empty cohort")
          BigDecimal rateOfCreated) {}
}
