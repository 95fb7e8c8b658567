package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** A deal's stage history, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class HistoryRepository extends TenantRepository<DealStageChange> {

  public HistoryRepository() {
    super(DealStageChange.class);
  }

  /** One page of the deal's history, oldest first, with the total count. */
  public Uni<Result> ofDeal(Tenant tenant, long dealId, PageRequest page) {
    Map<String, Object> params = Map.of("dealId", dealId);
    return count(tenant, "dealId = :dealId", params)
        .chain(
            total ->
                list(tenant, "dealId = :dealId", params, "id", page)
                    .map(items -> new Result(items, total)));
  }

  /** A page of history entries and how many the deal has in all. */
  public record Result(List<DealStageChange> items, long total) {}
}
