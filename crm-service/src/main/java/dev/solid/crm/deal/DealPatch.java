package dev.solid.crm.deal;

import dev.solid.crm.contact.CustomFieldValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/crm/deals/{id}}, with the constraints of {@link DealRequest}. A
 * field left out stays as it is; {@code contact_id}, {@code expected_close_date}, {@code sales_rep}
 * and {@code lost_reason} sent as null are cleared, while title, amount, currency, pipeline and
 * stage cannot be cleared (null is a 422). Java null alone cannot tell the two apart, so the
 * resource also passes the names of the fields the JSON carried.
 */
@Schema(
    name = "DealUpdate",
    description = "Fields to change; omitted fields stay as they are, null clears a field")
public record DealPatch(
    @Size(max = DealRules.MAX_TITLE, message = "too_long") String title,
    @Schema(maximum = "99999999999") @PositiveOrZero @Max(DealRules.MAX_AMOUNT) Long amount,
    @CurrencyCode String currency,
    Long contactId,
    @Schema(
            description =
                "Moves the deal to another pipeline: to the stage named by stage or stage_id, else"
                    + " to the pipeline's first stage")
        Long pipelineId,
    @Size(max = DealRules.MAX_STAGE_NAME, message = "too_long") String stage,
    Long stageId,
    LocalDate expectedCloseDate,
    @Size(max = DealRules.MAX_SALES_REP, message = "too_long") String salesRep,
    @Schema(description = "Only for a deal in (or moving to) a lost stage")
        @Size(max = DealRules.MAX_LOST_REASON, message = "too_long")
        String lostReason,
    @Schema(description = "Merged into the deal's custom fields; null removes a key")
        @Size(max = DealRules.MAX_CUSTOM_FIELDS, message = "too_many")
        Map<
                @Pattern(regexp = DealRules.CUSTOM_KEY, message = "invalid_key") String,
                @CustomFieldValue Object>
            customFields) {

  public DealPatch {
    title = DealRules.strip(title);
    stage = DealRules.strip(stage);
    salesRep = DealRules.strip(salesRep);
    lostReason = DealRules.strip(lostReason);
  }
}
