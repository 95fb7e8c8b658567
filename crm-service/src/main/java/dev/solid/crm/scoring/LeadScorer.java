package dev.solid.crm.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The score of a contact: a pure function of the rules, the contact's properties, its engagement
 * and the time, so tests pin the clock. Fit rules give their points when they hold; each engagement
 * event gives the points of every rule counting it, halved every {@code halfLifeDays} since it
 * occurred. The sum is rounded and clamped to 0..100; its reasons list every rule that gave points,
 * engagement as decayed at {@code now}.
 */
public final class LeadScorer {
  /**
   * Engagement whose decayed points are all below this no longer moves the score, so the decay job
   * stops revisiting the contact.
   */
  static final double SETTLED = 0.05;

  /** Events older than this many half-lives weigh under 0.1% of their points and are not loaded. */
  public static final int HORIZON_HALF_LIVES = 10;

  private LeadScorer() {}

  public static ScoreResult score(
      ScoringRules rules, ContactFacts contact, List<EngagementFact> engagement, Instant now) {
    double total = 0;
    boolean decaying = false;
    List<Map<String, Object>> reasons = new ArrayList<>();
    for (ScoringRule rule : rules.rules()) {
      if (!rule.type().engagement()) {
        if (rule.matches(contact) && rule.points() != 0) {
          total += rule.points();
          reasons.add(reason(rule, rule.points(), null));
        }
        continue;
      }
      double points = 0;
      int events = 0;
      for (EngagementFact fact : engagement) {
        if (rule.counts(fact.kind(), fact.detail())) {
          points += rule.points() * decay(fact.occurredAt(), now, rules.halfLifeDays());
          events++;
        }
      }
      if (events > 0 && rule.points() != 0) {
        total += points;
        decaying |= Math.abs(points) >= SETTLED;
        reasons.add(reason(rule, points, events));
      }
    }
    int score = (int) Math.max(0, Math.min(100, Math.round(total)));
    return new ScoreResult(score, rules.thresholds().band(score), reasons, decaying);
  }

  /** The share of its points an event keeps at {@code now}: 1 when new, 1/2 after a half-life. */
  static double decay(Instant occurredAt, Instant now, int halfLifeDays) {
    double ageDays = Math.max(0, Duration.between(occurredAt, now).toSeconds()) / 86_400.0;
    return Math.pow(0.5, ageDays / halfLifeDays);
  }

  private static Map<String, Object> reason(ScoringRule rule, double points, Integer events) {
    Map<String, Object> reason = rule.toMap();
    reason.remove("points");
    // Tenths of a point: enough to show decay, and an unchanged score keeps equal reasons.
    reason.put("points", Math.round(points * 10) / 10.0);
    if (events != null) {
      reason.put("events", events);
    }
    return new LinkedHashMap<>(reason);
  }
}
