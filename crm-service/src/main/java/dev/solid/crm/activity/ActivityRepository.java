package dev.solid.crm.activity;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Activity queries. All of them are tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class ActivityRepository extends TenantRepository<Activity> {
  /** Newest first; the id breaks ties so pages never overlap (index activities_*_occurred_idx). */
  public static final String NEWEST_FIRST = "occurredAt desc, id desc";

  public ActivityRepository() {
    super(Activity.class);
  }

  /** One page of activities matching the filter, newest first, with the total count. */
  public Uni<Result> search(Tenant tenant, ActivityFilter filter, PageRequest page) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (filter.type() != null) {
      conditions.add("type = :type");
      params.put("type", filter.type());
    }
    if (filter.contactId() != null) {
      conditions.add("contactId = :contactId");
      params.put("contactId", filter.contactId());
    }
    if (filter.dealId() != null) {
      conditions.add("dealId = :dealId");
      params.put("dealId", filter.dealId());
    }
    if (filter.occurredAfter() != null) {
      conditions.add("occurredAt > :after");
      params.put("after", filter.occurredAfter());
    }
    if (filter.occurredBefore() != null) {
      conditions.add("occurredAt < :before");
      params.put("before", filter.occurredBefore());
    }
    String where = conditions.isEmpty() ? null : String.join(" and ", conditions);
    // One session runs one statement at a time: count, then the page.
    return count(tenant, where, params)
        .chain(
            total ->
                list(tenant, where, params, NEWEST_FIRST, page)
                    .map(items -> new Result(items, total)));
  }

  /** The contact's {@code count} newest activities, for its timeline. */
  public Uni<List<Activity>> newestOfContact(Tenant tenant, long contactId, int count) {
    return list(
        tenant,
        "contactId = :contactId",
        Map.of("contactId", contactId),
        NEWEST_FIRST,
        new PageRequest(count, 0));
  }

  /** How many activities the contact has. */
  public Uni<Long> countOfContact(Tenant tenant, long contactId) {
    return count(tenant, "contactId = :contactId", Map.of("contactId", contactId));
  }

  /** A page of activities and how many match in all. */
  public record Result(List<Activity> items, long total) {}
}
