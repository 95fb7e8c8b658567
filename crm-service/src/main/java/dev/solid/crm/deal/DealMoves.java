package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Moves every deal out of a stage that is being deleted ({@code move_deals_to}), one at a time:
 * each deal is locked, moved with the usual rules ({@link DealStages}), gets its history entry and
 * its events, like a PATCH of its stage would. One statement per deal rather than one bulk update,
 * because each deal needs its own history entry and events; deleting a stage is rare.
 */
@ApplicationScoped
public class DealMoves {
  private final DealRepository deals;
  private final DealStages dealStages;
  private final DealEvents events;

  public DealMoves(DealRepository deals, DealStages dealStages, DealEvents events) {
    this.deals = deals;
    this.dealStages = dealStages;
    this.events = events;
  }

  /** Moves the deals of {@code from} to {@code to}, in the caller's transaction. */
  public Uni<Void> moveAll(
      Tenant tenant, String actor, PipelineStage from, PipelineStage to, Instant now) {
    return deals
        .firstInStageForUpdate(tenant, from.getId())
        .chain(
            deal -> {
              if (deal == null) {
                return Uni.createFrom().voidItem();
              }
              StageMove move = DealStages.move(deal, from, to, now);
              deal.setUpdatedAt(now);
              // Flushed before the next query, so the moved deal no longer matches it.
              return deals
                  .flush()
                  .chain(() -> dealStages.recordMove(tenant, deal, move, actor, now))
                  .chain(() -> events.updated(tenant, DealResponse.from(deal, to), move))
                  .chain(() -> moveAll(tenant, actor, from, to, now));
            });
  }
}
