package dev.solid.crm.timeline;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The contact's messages, orders and payments: what the timeline consumers ({@link
 * MessagingTimeline}, {@link PaymentsTimeline}) projected from messaging's and payments' events.
 */
@ApplicationScoped
public class ProjectedTimelineSource implements TimelineSource {
  private final TimelineEntryRepository entries;

  public ProjectedTimelineSource(TimelineEntryRepository entries) {
    this.entries = entries;
  }

  @Override
  public String name() {
    return "projected";
  }

  @Override
  public Uni<List<TimelineRow>> newest(Tenant tenant, long contactId, int count) {
    return entries
        .newestOfContact(tenant, contactId, count)
        .map(rows -> rows.stream().map(this::row).toList());
  }

  @Override
  public Uni<Long> count(Tenant tenant, long contactId) {
    return entries.countOfContact(tenant, contactId);
  }

  private TimelineRow row(TimelineEntry entry) {
    TimelineItem item =
        new TimelineItem(
            entry.getType(),
            entry.getOccurredAt(),
            entry.getSummary(),
            new TimelineItem.Ref(entry.getRefObject(), entry.getRefId()));
    return new TimelineRow(entry.getOccurredAt(), name(), entry.getId(), item);
  }
}
