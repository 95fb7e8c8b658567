package dev.solid.crm.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure scoring function, with fixed clocks. */
class LeadScorerTest {
  private static final Instant NOW = Instant.parse("2026-06-04T09:00:00Z");

  private static ContactFacts contact(String email, String phone, List<String> tags) {
    return new ContactFacts(email, phone, tags, Map.of());
  }

  private static EngagementFact event(RuleType kind, Duration ago) {
    return new EngagementFact(kind, null, NOW.minus(ago));
  }

  private static ScoreResult score(ScoringRules rules, ContactFacts contact, EngagementFact... e) {
    return LeadScorer.score(rules, contact, List.of(e), NOW);
  }

  private static ScoringRules only(ScoringRule... rules) {
    return new ScoringRules(List.of(rules), 30, Thresholds.DEFAULT, 1);
  }

  @Test
  void shouldScoreABareContactZeroAndCold() {
    ScoreResult result = score(ScoringRules.DEFAULTS, contact(null, null, List.of()));
    assertThat(result.score()).isZero();
    assertThat(result.band()).isEqualTo("cold");
    assertThat(result.reasons()).isEmpty();
    assertThat(result.decaying()).isFalse();
  }

  @Test
  void shouldGiveABusinessEmailAndAPhoneThirtyFiveWithTheDefaults() {
    ScoreResult result =
        score(ScoringRules.DEFAULTS, contact("ann@acme.io", "+18015551234", List.of()));
    assertThat(result.score()).isEqualTo(35);
    assertThat(result.band()).isEqualTo("warm");
    assertThat(result.reasons())
        .extracting(r -> r.get("type") + "=" + r.get("points"))
        .containsExactly("has_email=10.0", "has_phone=10.0", "business_email=15.0");
  }

  @Test
  void shouldNotCountAFreeMailAddressAsBusinessEmail() {
    assertThat(score(ScoringRules.DEFAULTS, contact("ann@Gmail.com", null, List.of())).score())
        .isEqualTo(10);
    assertThat(score(ScoringRules.DEFAULTS, contact("ann@proton.me", null, List.of())).score())
        .isEqualTo(10);
  }

  @Test
  void shouldAddFreshEngagementAndReachHotWithAPaidOrder() {
    ScoreResult result =
        score(
            ScoringRules.DEFAULTS,
            contact("ann@acme.io", "+18015551234", List.of()),
            event(RuleType.MESSAGE_RECEIVED, Duration.ZERO),
            event(RuleType.MESSAGE_RECEIVED, Duration.ZERO),
            event(RuleType.ORDER_PAID, Duration.ZERO));
    assertThat(result.score()).isEqualTo(35 + 20 + 25);
    assertThat(result.band()).isEqualTo("hot");
    assertThat(result.decaying()).isTrue();
    assertThat(result.reasons())
        .filteredOn(r -> "message_received".equals(r.get("type")))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("points", 20.0).containsEntry("events", 2));
  }

  @Test
  void shouldHalveEngagementPointsEveryHalfLife() {
    ScoringRules rules = only(ScoringRule.of(RuleType.ORDER_PAID, 80));
    ContactFacts nobody = contact(null, null, List.of());
    assertThat(score(rules, nobody, event(RuleType.ORDER_PAID, Duration.ZERO)).score())
        .isEqualTo(80);
    assertThat(score(rules, nobody, event(RuleType.ORDER_PAID, Duration.ofDays(30))).score())
        .isEqualTo(40);
    assertThat(score(rules, nobody, event(RuleType.ORDER_PAID, Duration.ofDays(60))).score())
        .isEqualTo(20);
    ScoreResult old = score(rules, nobody, event(RuleType.ORDER_PAID, Duration.ofDays(90)));
    assertThat(old.score()).isEqualTo(10);
    assertThat(old.reasons().get(0)).containsEntry("points", 10.0).containsEntry("events", 1);
  }

  @Test
  void shouldUseTheConfiguredHalfLife() {
    ScoringRules weekly =
        new ScoringRules(
            List.of(ScoringRule.of(RuleType.MESSAGE_RECEIVED, 40)), 7, Thresholds.DEFAULT, 1);
    assertThat(
            score(
                    weekly,
                    contact(null, null, List.of()),
                    event(RuleType.MESSAGE_RECEIVED, Duration.ofDays(14)))
                .score())
        .isEqualTo(10);
  }

  @Test
  void shouldStopDecayingOnceEngagementNoLongerCounts() {
    ScoringRules rules = only(ScoringRule.of(RuleType.MESSAGE_SENT, 2));
    ScoreResult result =
        score(
            rules,
            contact(null, null, List.of()),
            event(RuleType.MESSAGE_SENT, Duration.ofDays(300)));
    assertThat(result.score()).isZero();
    assertThat(result.decaying()).isFalse();
  }

  @Test
  void shouldApplyEachFitRuleType() {
    ContactFacts contact =
        new ContactFacts(
            "bob@gmail.com",
            null,
            List.of("vip"),
            Map.of("plan", "Enterprise", "industry", "Software and SaaS", "seats", 25));
    ScoringRules rules =
        only(
            ScoringRule.of(RuleType.HAS_EMAIL, 1),
            ScoringRule.of(RuleType.HAS_PHONE, 50),
            new ScoringRule(RuleType.HAS_TAG, 2, "vip", null, null, null),
            new ScoringRule(RuleType.HAS_TAG, 50, "churned", null, null, null),
            new ScoringRule(RuleType.CUSTOM_FIELD_EQUALS, 4, null, "plan", "enterprise", null),
            new ScoringRule(RuleType.CUSTOM_FIELD_EQUALS, 8, null, "seats", "25", null),
            new ScoringRule(RuleType.CUSTOM_FIELD_EQUALS, 50, null, "plan", "starter", null),
            new ScoringRule(RuleType.CUSTOM_FIELD_CONTAINS, 16, null, "industry", "saas", null),
            new ScoringRule(RuleType.CUSTOM_FIELD_CONTAINS, 50, null, "missing", "x", null),
            ScoringRule.of(RuleType.BUSINESS_EMAIL, 50),
            ScoringRule.of(RuleType.FREE_EMAIL, 32));
    assertThat(score(rules, contact).score()).isEqualTo(1 + 2 + 4 + 8 + 16 + 32);
  }

  @Test
  void shouldApplyEachEngagementRuleTypeAndNarrowActivitiesByType() {
    ScoringRules rules =
        only(
            ScoringRule.of(RuleType.MESSAGE_RECEIVED, 1),
            ScoringRule.of(RuleType.MESSAGE_SENT, 2),
            new ScoringRule(RuleType.ACTIVITY_LOGGED, 4, null, null, null, "call"),
            ScoringRule.of(RuleType.DEAL_CREATED, 8),
            ScoringRule.of(RuleType.ORDER_PAID, 16));
    ScoreResult result =
        LeadScorer.score(
            rules,
            contact(null, null, List.of()),
            List.of(
                event(RuleType.MESSAGE_RECEIVED, Duration.ZERO),
                event(RuleType.MESSAGE_SENT, Duration.ZERO),
                new EngagementFact(RuleType.ACTIVITY_LOGGED, "Call", NOW),
                new EngagementFact(RuleType.ACTIVITY_LOGGED, "email", NOW),
                event(RuleType.DEAL_CREATED, Duration.ZERO),
                event(RuleType.ORDER_PAID, Duration.ZERO)),
            NOW);
    assertThat(result.score()).isEqualTo(1 + 2 + 4 + 8 + 16);
  }

  @Test
  void shouldClampToZeroAndAHundred() {
    ScoringRules negative = only(ScoringRule.of(RuleType.FREE_EMAIL, -100));
    assertThat(score(negative, contact("a@gmail.com", null, List.of())).score()).isZero();
    ScoringRules many = only(ScoringRule.of(RuleType.MESSAGE_RECEIVED, 100));
    assertThat(
            score(
                    many,
                    contact(null, null, List.of()),
                    event(RuleType.MESSAGE_RECEIVED, Duration.ZERO),
                    event(RuleType.MESSAGE_RECEIVED, Duration.ZERO))
                .score())
        .isEqualTo(100);
  }

  @Test
  void shouldBandAtTheThresholds() {
    Thresholds t = Thresholds.DEFAULT;
    assertThat(List.of(0, 29, 30, 59, 60, 79, 80, 100).stream().map(t::band))
        .containsExactly("cold", "cold", "warm", "warm", "mql", "mql", "hot", "hot");
  }
}
