package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Pipeline stage queries, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class StageRepository extends TenantRepository<PipelineStage> {
  /** Every stage of a pipeline fits one read: a pipeline has at most this many. */
  private static final PageRequest ALL = new PageRequest(PipelineRules.MAX_STAGES, 0);

  /** The stages of one page of deals or pipelines fit one read. */
  private static final PageRequest MANY =
      new PageRequest(PageRequest.MAX_LIMIT * PipelineRules.MAX_STAGES, 0);

  public StageRepository() {
    super(PipelineStage.class);
  }

  /** The pipeline's stages in order. */
  public Uni<List<PipelineStage>> ofPipeline(Tenant tenant, long pipelineId) {
    return list(
        tenant, "pipelineId = :pipelineId", Map.of("pipelineId", pipelineId), "stageOrder", ALL);
  }

  /** The stages of these pipelines, each pipeline's in order. */
  public Uni<List<PipelineStage>> ofPipelines(Tenant tenant, Collection<Long> pipelineIds) {
    if (pipelineIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return list(
        tenant,
        "pipelineId in (:pipelineIds)",
        Map.of("pipelineIds", pipelineIds),
        "pipelineId, stageOrder",
        MANY);
  }

  /** The stages with these ids (those of the tenant). */
  public Uni<List<PipelineStage>> withIds(Tenant tenant, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return list(tenant, "id in (:ids)", Map.of("ids", ids), "id", MANY);
  }
}
