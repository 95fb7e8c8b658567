package dev.solid.crm.scoring;

import java.util.List;

/**
 * A tenant's scoring configuration: its rules, the half-life of engagement points in days, and the
 * band thresholds. {@code version} counts the tenant's changes (0 for the defaults).
 */
public record ScoringRules(
    List<ScoringRule> rules, int halfLifeDays, Thresholds thresholds, long version) {
  public static final int DEFAULT_HALF_LIFE_DAYS = 30;
  public static final int MAX_RULES = 100;
  public static final int MAX_POINTS = 100;

  /**
   * What a company scores with before it changes anything, so a score means something without
   * setup: reachable contacts with a business address score as warm leads before any engagement
   * (35); inbound messages, deals and paid orders move them up.
   */
  public static final ScoringRules DEFAULTS =
      new ScoringRules(
          List.of(
              ScoringRule.of(RuleType.HAS_EMAIL, 10),
              ScoringRule.of(RuleType.HAS_PHONE, 10),
              ScoringRule.of(RuleType.BUSINESS_EMAIL, 15),
              ScoringRule.of(RuleType.MESSAGE_RECEIVED, 10),
              ScoringRule.of(RuleType.MESSAGE_SENT, 2),
              ScoringRule.of(RuleType.ACTIVITY_LOGGED, 5),
              ScoringRule.of(RuleType.DEAL_CREATED, 20),
              ScoringRule.of(RuleType.ORDER_PAID, 25)),
          DEFAULT_HALF_LIFE_DAYS,
          Thresholds.DEFAULT,
          0);

  public ScoringRules {
    rules = List.copyOf(rules);
  }

  /** The undecayed points an event of {@code kind} gives now: the sum of the rules counting it. */
  public int pointsFor(RuleType kind, String detail) {
    return rules.stream().filter(r -> r.counts(kind, detail)).mapToInt(ScoringRule::points).sum();
  }
}
