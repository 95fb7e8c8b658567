package dev.solid.crm.deal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A deal as the API shows it. {@code stage}, {@code status} and {@code probability} are its stage's
 * name, kind and probability; {@code weighted_amount} is amount × probability / 100, rounded half
 * up. Timestamps are ISO-8601 in UTC, dates {@code YYYY-MM-DD}.
 */
@Schema(name = "Deal")
public record DealResponse(
    @Schema(examples = "1001") long id,
    @Schema(enumeration = "deal") String object,
    boolean livemode,
    @Schema(examples = "Kitchen Remodel") String title,
    @Schema(description = "Integer cents", examples = "1200000") long amount,
    @Schema(description = "Lower-case ISO-4217", examples = "usd") String currency,
    @Schema(examples = "42") Long contactId,
    @Schema(examples = "3") long pipelineId,
    @Schema(examples = "7") long stageId,
    @Schema(description = "The stage's name", examples = "New") String stage,
    @Schema(enumeration = {"open", "won", "lost"}) StageKind status,
    @Schema(description = "The stage's probability, in percent", examples = "10") int probability,
    @Schema(description = "amount × probability / 100, rounded", examples = "120000")
        long weightedAmount,
    LocalDate expectedCloseDate,
    @Schema(description = "When the deal entered a won or lost stage; null while open")
        Instant closedAt,
    @Schema(description = "Why the deal was lost; only in a lost stage") String lostReason,
    String salesRep,
    Map<String, Object> customFields,
    Instant createdAt,
    Instant updatedAt) {

  static DealResponse from(Deal deal, PipelineStage stage) {
    return new DealResponse(
        deal.getId(),
        "deal",
        deal.isLivemode(),
        deal.getTitle(),
        deal.getAmount(),
        deal.getCurrency(),
        deal.getContactId(),
        deal.getPipelineId(),
        deal.getStageId(),
        stage.getName(),
        stage.getKind(),
        stage.getProbability(),
        weighted(deal.getAmount(), stage.getProbability()),
        deal.getExpectedCloseDate(),
        deal.getClosedAt(),
        deal.getLostReason(),
        deal.getSalesRep(),
        deal.getCustomFields(),
        deal.getCreatedAt(),
        deal.getUpdatedAt());
  }

  /** amount × probability / 100, half up; amounts are at most 99,999,999,999, so no overflow. */
  static long weighted(long amount, int probability) {
    return (amount * probability + 50) / 100;
  }
}
