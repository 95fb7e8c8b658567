package dev.solid.crm.timeline;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Timeline projection queries. All of them are tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class TimelineEntryRepository extends TenantRepository<TimelineEntry> {

  public TimelineEntryRepository() {
    super(TimelineEntry.class);
  }

  /** The contact's {@code count} newest entries (index timeline_entries_contact_occurred_idx). */
  public Uni<List<TimelineEntry>> newestOfContact(Tenant tenant, long contactId, int count) {
    return list(
        tenant,
        "contactId = :contactId",
        Map.of("contactId", contactId),
        "occurredAt desc, id desc",
        new PageRequest(count, 0));
  }

  public Uni<Long> countOfContact(Tenant tenant, long contactId) {
    return count(tenant, "contactId = :contactId", Map.of("contactId", contactId));
  }

  /** Any entry about this object (e.g. an order), or null (index timeline_entries_ref_idx). */
  public Uni<TimelineEntry> anyAbout(Tenant tenant, String object, String id) {
    return findFirst(
        tenant, "refObject = :object and refId = :id", Map.of("object", object, "id", id), false);
  }
}
