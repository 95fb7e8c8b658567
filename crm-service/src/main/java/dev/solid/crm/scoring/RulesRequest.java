package dev.solid.crm.scoring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PUT /api/v1/crm/lead-scoring/rules}: the whole configuration, replacing the
 * current one. What annotations cannot say (a known type, the parameters it needs, increasing
 * thresholds) is checked by {@link RulesValidation}.
 */
@Schema(name = "LeadScoringRulesUpdate")
public record RulesRequest(
    @Schema(description = "At most 100 rules; an empty list scores every contact 0")
        @NotNull
        @Size(max = ScoringRules.MAX_RULES, message = "too_many")
        List<@NotNull @Valid Rule> rules,
    @Schema(description = "Days after which engagement points count half (default 30)")
        @Min(1)
        @Max(3650)
        Integer halfLifeDays,
    @Schema(description = "Where the bands start (default warm 30, mql 60, hot 80)") @Valid
        Bands thresholds) {

  /** One rule: its type, its points and the parameters its type needs. */
  @Schema(name = "LeadScoringRule")
  public record Rule(
      @Schema(
              description =
                  "has_email, has_phone, has_tag, custom_field_equals, custom_field_contains,"
                      + " business_email, free_email, message_received, message_sent,"
                      + " activity_logged, deal_created or order_paid",
              examples = "has_tag")
          @NotBlank
          @Size(max = 64)
          String type,
      @Schema(description = "-100 to 100", examples = "20")
          @NotNull
          @Min(-ScoringRules.MAX_POINTS)
          @Max(ScoringRules.MAX_POINTS)
          Integer points,
      @Schema(description = "has_tag: the tag", examples = "vip") @Size(max = 64) String tag,
      @Schema(description = "custom_field_equals / custom_field_contains: the field's key")
          @Size(max = 64)
          String field,
      @Schema(description = "custom_field_equals / custom_field_contains: the text (any case)")
          @Size(max = 1000)
          String value,
      @Schema(description = "activity_logged: only activities of this type (any when absent)")
          @Size(max = 64)
          String activityType) {}

  /** Band thresholds, strictly increasing: cold < warm ≤ … < mql ≤ … < hot ≤ 100. */
  @Schema(name = "LeadScoreThresholds")
  public record Bands(
      @NotNull @Min(1) @Max(100) Integer warm,
      @NotNull @Min(1) @Max(100) Integer mql,
      @NotNull @Min(1) @Max(100) Integer hot) {}
}
