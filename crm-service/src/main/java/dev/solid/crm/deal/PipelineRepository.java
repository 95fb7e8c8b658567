package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Pipeline queries, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class PipelineRepository extends TenantRepository<Pipeline> {

  public PipelineRepository() {
    super(Pipeline.class);
  }

  /** The tenant's default pipeline, or null before its first use. */
  public Uni<Pipeline> findDefault(Tenant tenant) {
    return findFirst(tenant, "defaultPipeline = true", Map.of(), false);
  }

  /** Another pipeline than {@code exceptId} (null for none) with this name, case-insensitive. */
  public Uni<Pipeline> findOtherByName(Tenant tenant, String name, Long exceptId) {
    return findFirst(
        tenant,
        "lower(name) = lower(:name) and id <> :exceptId",
        Map.of("name", name, "exceptId", exceptId == null ? -1L : exceptId),
        false);
  }

  /** One page of pipelines, the default first, then oldest first, with the total count. */
  public Uni<Result> page(Tenant tenant, PageRequest page) {
    return count(tenant, null, Map.of())
        .chain(
            total ->
                list(tenant, null, Map.of(), "defaultPipeline desc, id", page)
                    .map(items -> new Result(items, total)));
  }

  /** A page of pipelines and how many there are in all. */
  public record Result(List<Pipeline> items, long total) {}
}
