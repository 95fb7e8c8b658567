package dev.solid.crm.scoring;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a body that passed its annotations into {@link ScoringRules}, or a 422 listing every rule
 * that is wrong: an unknown type, a missing or misplaced parameter, thresholds that do not
 * increase. Pure.
 */
final class RulesValidation {
  private RulesValidation() {}

  static ScoringRules toRules(RulesRequest body, long version) {
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    List<ProblemDetail> details = new ArrayList<>();
    List<ScoringRule> rules = new ArrayList<>();
    for (int i = 0; i < body.rules().size(); i++) {
      RulesRequest.Rule rule = body.rules().get(i);
      String at = "rules[" + i + "]";
      RuleType type = RuleType.of(rule.type()).orElse(null);
      if (type == null) {
        details.add(new ProblemDetail(at + ".type", "unknown_rule_type", rule.type()));
        continue;
      }
      boolean tag = type == RuleType.HAS_TAG;
      boolean custom =
          type == RuleType.CUSTOM_FIELD_EQUALS || type == RuleType.CUSTOM_FIELD_CONTAINS;
      boolean activity = type == RuleType.ACTIVITY_LOGGED;
      parameter(details, at + ".tag", rule.tag(), tag, tag);
      parameter(details, at + ".field", rule.field(), custom, custom);
      parameter(details, at + ".value", rule.value(), custom, custom);
      parameter(details, at + ".activity_type", rule.activityType(), false, activity);
      rules.add(
          new ScoringRule(
              type,
              rule.points(),
              blankToNull(rule.tag()),
              blankToNull(rule.field()),
              blankToNull(rule.value()),
              blankToNull(rule.activityType())));
    }
    Thresholds thresholds = Thresholds.DEFAULT;
    if (body.thresholds() != null) {
      RulesRequest.Bands bands = body.thresholds();
      thresholds = new Thresholds(bands.warm(), bands.mql(), bands.hot());
      if (!(thresholds.warm() < thresholds.mql() && thresholds.mql() < thresholds.hot())) {
        details.add(
            new ProblemDetail(
                "thresholds",
                "not_increasing",
                bands.warm() + " < " + bands.mql() + " < " + bands.hot()));
      }
    }
    if (!details.isEmpty()) {
      throw ApiException.validation(
          "The scoring rules are not valid: " + describe(details.get(0)), details);
    }
    int halfLife =
        body.halfLifeDays() == null ? ScoringRules.DEFAULT_HALF_LIFE_DAYS : body.halfLifeDays();
    return new ScoringRules(rules, halfLife, thresholds, version);
  }

  private static void parameter(
      List<ProblemDetail> details, String field, String value, boolean required, boolean allowed) {
    boolean given = blankToNull(value) != null;
    if (required && !given) {
      details.add(new ProblemDetail(field, "required", null));
    } else if (!allowed && given) {
      details.add(new ProblemDetail(field, "not_allowed", value));
    }
  }

  private static String describe(ProblemDetail detail) {
    return switch (detail.error()) {
      case "unknown_rule_type" -> "'" + detail.field() + "' is not a known rule type";
      case "required" -> "'" + detail.field() + "' is required for this rule type";
      case "not_allowed" -> "'" + detail.field() + "' does not apply to this rule type";
      case "not_increasing" -> "thresholds must increase: warm < mql < hot";
      default -> "'" + detail.field() + "' is not valid";
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
