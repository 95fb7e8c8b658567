package dev.solid.crm.deal;

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

/** Deal queries, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class DealRepository extends TenantRepository<Deal> {
  /**
   * Stages of the tenant matching a condition, for the stage name and status filters. The deal's
   * tenant condition comes from the kit; the stages' is written here because a subquery has its own
   * rows (the parameters are bound from the same tenant).
   */
  private static final String STAGES_WHERE =
      "stageId in (select s.id from PipelineStage s"
          + " where s.companyId = :stageCompanyId and s.livemode = :stageLivemode and ";

  public DealRepository() {
    super(Deal.class);
  }

  /** How many deals are in the stage. */
  public Uni<Long> countInStage(Tenant tenant, long stageId) {
    return count(tenant, "stageId = :stageId", Map.of("stageId", stageId));
  }

  /** How many deals are in the pipeline. */
  public Uni<Long> countInPipeline(Tenant tenant, long pipelineId) {
    return count(tenant, "pipelineId = :pipelineId", Map.of("pipelineId", pipelineId));
  }

  /** A deal still in the stage, locked for update, or null when none is left. */
  public Uni<Deal> firstInStageForUpdate(Tenant tenant, long stageId) {
    return findFirst(tenant, "stageId = :stageId", Map.of("stageId", stageId), true);
  }

  /** One page of deals matching the filter, in the sort's order, with the total count. */
  public Uni<Result> search(Tenant tenant, DealFilter filter, DealSort sort, PageRequest page) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (filter.pipelineId() != null) {
      conditions.add("pipelineId = :pipelineId");
      params.put("pipelineId", filter.pipelineId());
    }
    if (filter.stage() != null) {
      conditions.add(STAGES_WHERE + "lower(s.name) = lower(:stage))");
      params.put("stage", filter.stage());
    }
    if (filter.status() != null) {
      conditions.add(STAGES_WHERE + "s.kind = :status)");
      params.put("status", filter.status().wire());
    }
    if (filter.stage() != null || filter.status() != null) {
      params.put("stageCompanyId", tenant.companyId());
      params.put("stageLivemode", tenant.livemode());
    }
    if (filter.contactId() != null) {
      conditions.add("contactId = :contactId");
      params.put("contactId", filter.contactId());
    }
    if (filter.salesRep() != null) {
      conditions.add("lower(salesRep) = lower(:salesRep)");
      params.put("salesRep", filter.salesRep());
    }
    if (filter.search() != null) {
      conditions.add("lower(title) like :search escape '!'");
      params.put("search", "%" + escapeLike(filter.search().toLowerCase()) + "%");
    }
    if (filter.minAmount() != null) {
      conditions.add("amount >= :minAmount");
      params.put("minAmount", filter.minAmount());
    }
    if (filter.maxAmount() != null) {
      conditions.add("amount <= :maxAmount");
      params.put("maxAmount", filter.maxAmount());
    }
    if (filter.closeBefore() != null) {
      conditions.add("expectedCloseDate <= :closeBefore");
      params.put("closeBefore", filter.closeBefore());
    }
    if (filter.closeAfter() != null) {
      conditions.add("expectedCloseDate >= :closeAfter");
      params.put("closeAfter", filter.closeAfter());
    }
    String where = conditions.isEmpty() ? null : "(" + String.join(") and (", conditions) + ")";
    // One session runs one statement at a time: count, then the page.
    return count(tenant, where, params)
        .chain(
            total ->
                list(tenant, where, params, sort.orderBy(), page)
                    .map(items -> new Result(items, total)));
  }

  private static String escapeLike(String value) {
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** A page of deals and how many match in all. */
  public record Result(List<Deal> items, long total) {}
}
