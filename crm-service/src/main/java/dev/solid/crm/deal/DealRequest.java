package dev.solid.crm.deal;

import dev.solid.crm.contact.CustomFieldValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/crm/deals}. The constraints say what each field may hold; {@link
 * DealService} checks what needs the database: the pipeline, stage and contact exist in the
 * company, and {@code stage} and {@code stage_id} agree.
 */
@Schema(name = "DealCreate", description = "A deal to create")
public record DealRequest(
    @Schema(examples = "Kitchen Remodel")
        @NotBlank
        @Size(max = DealRules.MAX_TITLE, message = "too_long")
        String title,
    @Schema(
            description = "Integer cents, 0 to 99999999999",
            examples = "1200000",
            maximum = "99999999999")
        @NotNull
        @PositiveOrZero
        @Max(DealRules.MAX_AMOUNT)
        Long amount,
    @Schema(description = "ISO-4217 code, stored lower-case; default usd", examples = "usd")
        @CurrencyCode
        String currency,
    @Schema(description = "A contact of your company", examples = "42") Long contactId,
    @Schema(description = "Default: your default pipeline", examples = "3") Long pipelineId,
    @Schema(
            description =
                "Name of a stage of the pipeline, case-insensitive; default: its first stage",
            examples = "New")
        @Size(max = DealRules.MAX_STAGE_NAME, message = "too_long")
        String stage,
    @Schema(description = "Id of a stage of the pipeline; must agree with stage when both are sent")
        Long stageId,
    @Schema(description = "YYYY-MM-DD", examples = "2026-09-30") LocalDate expectedCloseDate,
    @Schema(description = "Who works the deal", examples = "jane@acme.example")
        @Size(max = DealRules.MAX_SALES_REP, message = "too_long")
        String salesRep,
    @Schema(description = "Only for a deal created in a lost stage")
        @Size(max = DealRules.MAX_LOST_REASON, message = "too_long")
        String lostReason,
    @Schema(
            description =
                "Up to 50 keys of [A-Za-z0-9_]{1,64} with string (up to 1000 characters), number,"
                    + " boolean or null values")
        @Size(max = DealRules.MAX_CUSTOM_FIELDS, message = "too_many")
        Map<
                @Pattern(regexp = DealRules.CUSTOM_KEY, message = "invalid_key") String,
                @CustomFieldValue Object>
            customFields) {

  public DealRequest {
    title = DealRules.strip(title);
    stage = DealRules.strip(stage);
    salesRep = DealRules.strip(salesRep);
    lostReason = DealRules.strip(lostReason);
  }
}
