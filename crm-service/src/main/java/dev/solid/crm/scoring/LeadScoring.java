package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stores scores: recomputes contacts under their tenant's rules, and sends {@code lead.scored} for
 * each contact whose band changed or whose score moved by at least {@code min-announced-move} from
 * the last one announced. Runs inside the caller's transaction (the consumer's, a batch's), so a
 * score and its event commit together.
 */
@ApplicationScoped
public class LeadScoring {
  private final LeadScoreRepository contacts;
  private final EngagementRepository engagement;
  private final StoredRulesRepository rules;
  private final LeadScoreEvents events;
  private final ScoringConfig config;

  public LeadScoring(
      LeadScoreRepository contacts,
      EngagementRepository engagement,
      StoredRulesRepository rules,
      LeadScoreEvents events,
      ScoringConfig config) {
    this.contacts = contacts;
    this.engagement = engagement;
    this.rules = rules;
    this.events = events;
    this.config = config;
  }

  /** What a batch did: contacts scored, scores changed, lead.scored sent. */
  public record Outcome(int scored, int changed, int announced) {}

  /** Rescores one contact (locked), if it exists. */
  public Uni<Void> rescoreContact(Tenant tenant, long contactId) {
    return contacts
        .findByIdForUpdate(tenant, contactId)
        .chain(
            contact ->
                contact == null
                    ? Uni.createFrom().voidItem()
                    : rules
                        .current(tenant)
                        .chain(current -> rescore(tenant, List.of(contact), current))
                        .replaceWithVoid());
  }

  /**
   * Records an engagement event of a contact (locked first, so events of one contact apply one
   * after the other) and rescores it; nothing when the contact is not the tenant's.
   */
  public Uni<Void> engage(
      Tenant tenant,
      long contactId,
      RuleType kind,
      String detail,
      Instant occurredAt,
      String eventId) {
    return contacts
        .findByIdForUpdate(tenant, contactId)
        .chain(
            contact -> {
              if (contact == null) {
                return Uni.createFrom().voidItem();
              }
              return rules
                  .current(tenant)
                  .chain(
                      current ->
                          engagement
                              .persist(
                                  tenant,
                                  new Engagement(
                                      contactId,
                                      kind,
                                      detail,
                                      current.pointsFor(kind, detail),
                                      occurredAt,
                                      eventId))
                              .chain(() -> rescore(tenant, List.of(contact), current)))
                  .replaceWithVoid();
            });
  }

  /** Rescores these contacts of the tenant under {@code current}. */
  public Uni<Outcome> rescore(Tenant tenant, List<LeadScore> batch, ScoringRules current) {
    if (batch.isEmpty()) {
      return Uni.createFrom().item(new Outcome(0, 0, 0));
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Duration horizon =
        Duration.ofDays((long) current.halfLifeDays() * LeadScorer.HORIZON_HALF_LIVES);
    return engagement
        .since(tenant, batch.stream().map(LeadScore::getId).toList(), now.minus(horizon))
        .chain(facts -> apply(tenant, batch, current, facts, now));
  }

  private Uni<Outcome> apply(
      Tenant tenant,
      List<LeadScore> batch,
      ScoringRules current,
      Map<Long, List<EngagementFact>> facts,
      Instant now) {
    int changed = 0;
    List<LeadScore.Announcement> told = new ArrayList<>();
    for (LeadScore contact : batch) {
      int before = contact.getScore();
      String bandBefore = contact.getBand();
      ScoreResult result =
          LeadScorer.score(
              current, contact.facts(), facts.getOrDefault(contact.getId(), List.of()), now);
      if (before != result.score() || !result.band().equals(bandBefore)) {
        changed++;
      }
      Instant refresh = result.decaying() ? now.plus(config.decay().refreshAfter()) : null;
      LeadScore.Announcement change =
          contact.apply(result, now, refresh, config.minAnnouncedMove());
      if (change != null) {
        told.add(change);
      }
    }
    Outcome outcome = new Outcome(batch.size(), changed, told.size());
    return Multi.createFrom()
        .iterable(told)
        .onItem()
        .transformToUniAndConcatenate(change -> events.scored(tenant, change))
        .collect()
        .last()
        .replaceWith(outcome);
  }
}
