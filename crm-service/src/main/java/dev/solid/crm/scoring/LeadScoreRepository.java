package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Contacts as scoring sees them, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class LeadScoreRepository extends TenantRepository<LeadScore> {

  public LeadScoreRepository() {
    super(LeadScore.class);
  }

  /** The next {@code size} contacts after {@code afterId}, by id: a keyset batch. */
  public Uni<List<LeadScore>> batchAfter(Tenant tenant, long afterId, int size) {
    return list(tenant, "id > :after", Map.of("after", afterId), "id", new PageRequest(size, 0));
  }

  /** These contacts (those still there), by id. */
  public Uni<List<LeadScore>> byIds(Tenant tenant, Collection<Long> ids) {
    return list(
        tenant,
        "id in :ids",
        Map.of("ids", List.copyOf(ids)),
        "id",
        new PageRequest(ids.size(), 0));
  }

  /** How many contacts the tenant has. */
  public Uni<Long> countAll(Tenant tenant) {
    return count(tenant, null, Map.of());
  }
}
