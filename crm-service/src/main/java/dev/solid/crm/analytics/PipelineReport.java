package dev.solid.crm.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/analytics/pipeline}: where the pipeline's deals stand now, stage by stage, and
 * how the deals closed in the range went.
 */
@Schema(name = "PipelineReport")
@JsonPropertyOrder("object")
public record PipelineReport(
    @Schema(description = "The pipeline reported on") long pipelineId,
    @Schema(description = "Its name", examples = "Sales") String pipelineName,
    @Schema(description = "Lower-case ISO-4217: only deals in this currency are counted")
        String currency,
    @Schema(description = "First day of the closed-deals range (UTC)") LocalDate from,
    @Schema(description = "Last day of the closed-deals range (UTC), included") LocalDate to,
    @Schema(description = "Every stage in position order, zeros included") List<StageStats> stages,
    @Schema(description = "Deals that entered a won stage in the range") long wonDeals,
    @Schema(description = "Deals that entered a lost stage in the range") long lostDeals,
    @Schema(description = "Their amount, minor units") long wonAmount,
    @Schema(description = "Their amount, minor units") long lostAmount,
    @Schema(description = "won / (won + lost) of the range, 4 decimals; null when none closed")
        BigDecimal winRate,
    @Schema(description = "Mean days from creation to won, of the range's won deals, 1 decimal")
        BigDecimal averageDaysToClose) {

  @JsonProperty("object")
  @Schema(description = "Always pipeline_report")
  public String object() {
    return "pipeline_report";
  }

  /** The open stages' sums: what is still in play. */
  @JsonProperty("open")
  @Schema(description = "Sums over the open stages")
  public Totals open() {
    long deals = 0;
    long amount = 0;
    long weighted = 0;
    for (StageStats stage : stages) {
      if ("open".equals(stage.kind())) {
        deals += stage.deals();
        amount += stage.amount();
        weighted += stage.weightedAmount();
      }
    }
    return new Totals(deals, amount, weighted);
  }

  /** One stage now: its deals in the report's currency, whatever their close date. */
  @Schema(name = "PipelineStageStats")
  public record StageStats(
      long stageId,
      @Schema(examples = "Proposal") String name,
      int position,
      @Schema(description = "Percent") int probability,
      @Schema(enumeration = {"open", "won", "lost"}) String kind,
      @Schema(description = "Deals in the stage now") long deals,
      @Schema(description = "Their amount, minor units") long amount,
      @Schema(description = "Σ amount × probability / 100, each deal rounded half up")
          long weightedAmount) {}

  /** Sums of some stages. */
  @Schema(name = "PipelineTotals")
  public record Totals(long deals, long amount, long weightedAmount) {}
}
