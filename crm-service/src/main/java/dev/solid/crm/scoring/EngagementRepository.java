package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Engagement rows, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class EngagementRepository extends TenantRepository<Engagement> {
  private static final int PAGE = PageRequest.MAX_LIMIT;

  public EngagementRepository() {
    super(Engagement.class);
  }

  /** The engagement of these contacts since {@code since}, grouped by contact id. */
  public Uni<Map<Long, List<EngagementFact>>> since(
      Tenant tenant, Collection<Long> contactIds, Instant since) {
    if (contactIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return pages(tenant, List.copyOf(contactIds), since, 0, new HashMap<>());
  }

  // A page at a time: the kit's tenant list is paged, and a busy contact may have many rows.
  private Uni<Map<Long, List<EngagementFact>>> pages(
      Tenant tenant,
      List<Long> ids,
      Instant since,
      int offset,
      Map<Long, List<EngagementFact>> found) {
    return list(
            tenant,
            "contactId in :ids and occurredAt >= :since",
            Map.of("ids", ids, "since", since),
            "id",
            new PageRequest(PAGE, offset))
        .chain(
            rows -> {
              rows.forEach(
                  row ->
                      found
                          .computeIfAbsent(row.contactId(), id -> new ArrayList<>())
                          .add(row.fact()));
              return rows.size() < PAGE
                  ? Uni.createFrom().item(found)
                  : pages(tenant, ids, since, offset + PAGE, found);
            });
  }
}
