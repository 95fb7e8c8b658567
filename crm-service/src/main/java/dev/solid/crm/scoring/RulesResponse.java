package dev.solid.crm.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A company's scoring configuration as the API shows it; after a change, with the rescoring job
 * that applies it to every contact.
 */
@Schema(name = "LeadScoringRules")
public record RulesResponse(
    @Schema(description = "The rules, each with its type, points and parameters")
        List<Map<String, Object>> rules,
    int halfLifeDays,
    Map<String, Integer> thresholds,
    @Schema(description = "False while the company scores with the built-in defaults")
        boolean customized,
    @Schema(description = "Counts the company's changes; 0 for the defaults") long version,
    Instant updatedAt,
    @Schema(description = "The job rescoring every contact after this change (PUT only)")
        RescoreJobResponse rescoreJob) {

  static RulesResponse of(ScoringRules rules, Instant updatedAt, RescoreJobResponse job) {
    Map<String, Integer> thresholds = new java.util.LinkedHashMap<>();
    thresholds.put("warm", rules.thresholds().warm());
    thresholds.put("mql", rules.thresholds().mql());
    thresholds.put("hot", rules.thresholds().hot());
    return new RulesResponse(
        rules.rules().stream().map(ScoringRule::toMap).toList(),
        rules.halfLifeDays(),
        thresholds,
        updatedAt != null,
        rules.version(),
        updatedAt,
        job);
  }
}
