package dev.solid.crm.timeline;

import dev.solid.common.caller.Tenant;
import dev.solid.crm.activity.Activity;
import dev.solid.crm.activity.ActivityRepository;
import dev.solid.crm.activity.ActivityResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The contact's activities (notes, calls, emails, meetings), read from crm's own table. */
@ApplicationScoped
public class ActivityTimelineSource implements TimelineSource {
  private final ActivityRepository activities;

  public ActivityTimelineSource(ActivityRepository activities) {
    this.activities = activities;
  }

  @Override
  public String name() {
    return "activity";
  }

  @Override
  public Uni<List<TimelineRow>> newest(Tenant tenant, long contactId, int count) {
    return activities
        .newestOfContact(tenant, contactId, count)
        .map(rows -> rows.stream().map(this::row).toList());
  }

  @Override
  public Uni<Long> count(Tenant tenant, long contactId) {
    return activities.countOfContact(tenant, contactId);
  }

  private TimelineRow row(Activity activity) {
    TimelineItem item =
        new TimelineItem(
            "activity." + activity.getType(),
            activity.getOccurredAt(),
            TimelineSummaries.activity(activity),
            new TimelineItem.Ref(ActivityResponse.OBJECT, activity.getId().toString()));
    return new TimelineRow(activity.getOccurredAt(), name(), activity.getId(), item);
  }
}
