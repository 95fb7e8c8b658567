package dev.solid.crm.deal;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One stage change of a deal. The first entry is the deal's creation ({@code from_stage} null).
 * {@code actor} is who made it: {@code key:<id>} for an API key, {@code owner} for the company
 * owner's session. Stage names are as they were at the time.
 */
@Schema(name = "DealStageChange")
public record HistoryResponse(
    @Schema(examples = "5001") long id,
    @Schema(enumeration = "deal_stage_change") String object,
    @Schema(examples = "1001") long dealId,
    @Schema(examples = "3") long pipelineId,
    Long fromStageId,
    @Schema(examples = "New") String fromStage,
    long toStageId,
    @Schema(examples = "Qualified") String toStage,
    @Schema(description = "The deal's amount at the time, in cents", examples = "1200000")
        long amount,
    String currency,
    @Schema(examples = "key:1042") String actor,
    Instant changedAt) {

  static HistoryResponse from(DealStageChange change) {
    return new HistoryResponse(
        change.getId(),
        "deal_stage_change",
        change.getDealId(),
        change.getPipelineId(),
        change.getFromStageId(),
        change.getFromStage(),
        change.getToStageId(),
        change.getToStage(),
        change.getAmount(),
        change.getCurrency(),
        change.getActor(),
        change.getChangedAt());
  }
}
