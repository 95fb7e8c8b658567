package dev.solid.crm.timeline;

import dev.solid.common.caller.Tenant;
import dev.solid.crm.deal.DealStageChange;
import dev.solid.crm.deal.HistoryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The stage changes of the contact's deals (their creation included), from the stage history. */
@ApplicationScoped
public class DealTimelineSource implements TimelineSource {
  private final HistoryRepository history;

  public DealTimelineSource(HistoryRepository history) {
    this.history = history;
  }

  @Override
  public String name() {
    return "deal_stage";
  }

  @Override
  public Uni<List<TimelineRow>> newest(Tenant tenant, long contactId, int count) {
    return history
        .newestOfContact(tenant, contactId, count)
        .map(rows -> rows.stream().map(this::row).toList());
  }

  @Override
  public Uni<Long> count(Tenant tenant, long contactId) {
    return history.countOfContact(tenant, contactId);
  }

  private TimelineRow row(DealStageChange change) {
    String summary =
        change.getFromStage() == null
            ? "Deal " + change.getDealId() + " created in " + change.getToStage()
            : "Deal "
                + change.getDealId()
                + " moved from "
                + change.getFromStage()
                + " to "
                + change.getToStage();
    TimelineItem item =
        new TimelineItem(
            change.getFromStage() == null ? "deal.created" : "deal.stage_changed",
            change.getChangedAt(),
            summary,
            new TimelineItem.Ref("deal", Long.toString(change.getDealId())));
    return new TimelineRow(change.getChangedAt(), name(), change.getId(), item);
  }
}
