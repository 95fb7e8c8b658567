package dev.solid.crm.activity;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/**
 * Activity use cases. Every write runs in one {@code @WithTransaction} method here; {@code
 * activity.logged} is appended to the outbox in the transaction that logs the activity.
 */
@ApplicationScoped
public class ActivityService {
  private final ActivityRepository activities;
  private final Associations associations;
  private final ActivityEvents events;

  public ActivityService(
      ActivityRepository activities, Associations associations, ActivityEvents events) {
    this.activities = activities;
    this.associations = associations;
    this.events = events;
  }

  @WithSession
  public Uni<Page<ActivityResponse>> list(Tenant tenant, ActivityFilter filter, PageRequest page) {
    return activities
        .search(tenant, filter, page)
        .map(
            result ->
                Page.of(
                    result.items().stream().map(ActivityResponse::from).toList(),
                    result.total(),
                    page));
  }

  @WithSession
  public Uni<ActivityResponse> get(Tenant tenant, long id) {
    return activities.findById(tenant, id).map(ActivityService::found).map(ActivityResponse::from);
  }

  @WithTransaction
  public Uni<ActivityResponse> create(Tenant tenant, ActivityRequest request) {
    if (request.contactId() == null && request.dealId() == null) {
      throw ActivityRules.contactOrDealRequired();
    }
    Instant now = ActivityRules.now();
    Activity activity = new Activity();
    activity.setType(request.type());
    activity.setContactId(request.contactId());
    activity.setDealId(request.dealId());
    activity.setSubject(request.subject());
    activity.setBody(request.body());
    activity.setOccurredAt(
        request.occurredAt() == null ? now : ActivityRules.micros(request.occurredAt()));
    activity.setDurationSeconds(request.durationSeconds());
    activity.setDirection(request.direction());
    activity.setOutcome(request.outcome());
    activity.setCreatedAt(now);
    activity.setUpdatedAt(now);
    return associations
        .require(tenant, request.contactId(), request.dealId())
        .chain(() -> activities.persist(tenant, activity))
        .map(ActivityResponse::from)
        .call(logged -> events.logged(tenant, logged));
  }

  /** Applies the fields of {@code patch} named in {@code sent}; see {@link ActivityPatch}. */
  @WithTransaction
  public Uni<ActivityResponse> update(
      Tenant tenant, long id, ActivityPatch patch, Set<String> sent) {
    return activities
        .findByIdForUpdate(tenant, id)
        .map(ActivityService::found)
        .call(
            activity ->
                associations.require(
                    tenant,
                    sent.contains("contact_id") ? patch.contactId() : null,
                    sent.contains("deal_id") ? patch.dealId() : null))
        .chain(
            activity -> {
              apply(activity, patch, sent);
              return activities.flush().replaceWith(() -> ActivityResponse.from(activity));
            });
  }

  private static void apply(Activity activity, ActivityPatch patch, Set<String> sent) {
    if (sent.contains("type")) {
      activity.setType(patch.type());
    }
    if (sent.contains("contact_id")) {
      activity.setContactId(patch.contactId());
    }
    if (sent.contains("deal_id")) {
      activity.setDealId(patch.dealId());
    }
    if (activity.getContactId() == null && activity.getDealId() == null) {
      throw ActivityRules.contactOrDealRequired();
    }
    if (sent.contains("subject")) {
      activity.setSubject(patch.subject());
    }
    if (sent.contains("body")) {
      activity.setBody(patch.body());
    }
    if (sent.contains("occurred_at")) {
      activity.setOccurredAt(ActivityRules.micros(patch.occurredAt()));
    }
    if (sent.contains("duration_seconds")) {
      activity.setDurationSeconds(patch.durationSeconds());
    }
    if (sent.contains("direction")) {
      activity.setDirection(patch.direction());
    }
    if (sent.contains("outcome")) {
      activity.setOutcome(patch.outcome());
    }
    activity.setUpdatedAt(ActivityRules.now());
  }

  @WithTransaction
  public Uni<Void> delete(Tenant tenant, long id) {
    return activities
        .findByIdForUpdate(tenant, id)
        .map(ActivityService::found)
        .chain(activity -> activities.delete(tenant, activity));
  }

  private static Activity found(Activity activity) {
    if (activity == null) {
      throw ApiException.notFound("Activity");
    }
    return activity;
  }
}
