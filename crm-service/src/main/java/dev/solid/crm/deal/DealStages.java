package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The one place a deal enters a stage, so every way of moving it (create, PATCH, a deleted stage's
 * {@code move_deals_to}) keeps the same rules and writes its history entry in the caller's
 * transaction: entering a won or lost stage from a stage of another kind sets {@code closed_at}, an
 * open stage clears it, and any stage but a lost one clears {@code lost_reason}.
 */
@ApplicationScoped
public class DealStages {
  private final HistoryRepository history;

  public DealStages(HistoryRepository history) {
    this.history = history;
  }

  /** Puts a deal not yet persisted into its first stage. */
  static void place(Deal deal, PipelineStage stage, Instant now) {
    apply(deal, null, stage, now);
  }

  /** The history entry of a deal's creation (from no stage); the deal is persisted. */
  public Uni<Void> recordCreation(
      Tenant tenant, Deal deal, PipelineStage stage, String actor, Instant now) {
    return history
        .persist(tenant, new DealStageChange(deal, null, stage, actor, now))
        .replaceWithVoid();
  }

  /** Moves the deal to {@code to}; null when it is already there (nothing changes). */
  static StageMove move(Deal deal, PipelineStage from, PipelineStage to, Instant now) {
    if (from.getId().equals(to.getId())) {
      return null;
    }
    apply(deal, from, to, now);
    return new StageMove(from, to);
  }

  /** The history entry of a move, with the deal's amount as it is now. */
  public Uni<Void> recordMove(Tenant tenant, Deal deal, StageMove move, String actor, Instant now) {
    return history
        .persist(tenant, new DealStageChange(deal, move.from(), move.to(), actor, now))
        .replaceWithVoid();
  }

  private static void apply(Deal deal, PipelineStage from, PipelineStage to, Instant now) {
    deal.setPipelineId(to.getPipelineId());
    deal.setStageId(to.getId());
    if (!to.getKind().closes()) {
      deal.setClosedAt(null);
    } else if (from == null || from.getKind() != to.getKind()) {
      deal.setClosedAt(now);
    }
    if (to.getKind() != StageKind.LOST) {
      deal.setLostReason(null);
    }
  }
}
