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

  /**
   * The {@code count} newest stage changes of the contact's deals (its timeline). The deals' tenant
   * condition is written here because a subquery has its own rows; it is bound from the same
   * tenant.
   */
  public Uni<List<DealStageChange>> newestOfContact(Tenant tenant, long contactId, int count) {
    return list(
        tenant,
        OF_CONTACT,
        contactParams(tenant, contactId),
        "changedAt desc, id desc",
        new PageRequest(count, 0));
  }

  /** How many stage changes the contact's deals have. */
  public Uni<Long> countOfContact(Tenant tenant, long contactId) {
    return count(tenant, OF_CONTACT, contactParams(tenant, contactId));
  }

  private static final String OF_CONTACT =
      "dealId in (select d.id from Deal d where d.companyId = :dealCompanyId"
          + " and d.livemode = :dealLivemode and d.contactId = :contactId)";

  private static Map<String, Object> contactParams(Tenant tenant, long contactId) {
    return Map.of(
        "dealCompanyId", tenant.companyId(),
        "dealLivemode", tenant.livemode(),
        "contactId", contactId);
  }

  /** A page of history entries and how many the deal has in all. */
  public record Result(List<DealStageChange> items, long total) {}
}
