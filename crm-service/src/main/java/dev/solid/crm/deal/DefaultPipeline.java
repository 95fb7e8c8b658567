package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Every company (per mode) starts with the default pipeline, created on first use: by the first
 * request that lists pipelines, creates one, or creates a deal. Two concurrent first requests both
 * insert it; the partial unique index {@code pipelines_default_key} lets one commit and fails the
 * other, which runs again in a fresh transaction and finds the winner's pipeline. (A PostgreSQL
 * advisory lock would need a hand-written statement, which crm's tenant rule forbids; the index
 * needs none and also holds for any other writer.)
 *
 * <p>Runs in a transaction of its own, before the request's: a lost race rolls back only this.
 */
@ApplicationScoped
public class DefaultPipeline {
  /** Races on the index one request may lose before it finds the winner's row; one is the norm. */
  private static final int RETRIES = 3;

  private final PipelineRepository pipelines;
  private final StageRepository stages;
  private final DealEvents events;

  public DefaultPipeline(PipelineRepository pipelines, StageRepository stages, DealEvents events) {
    this.pipelines = pipelines;
    this.stages = stages;
    this.events = events;
  }

  /** The tenant's default pipeline, created with the standard stages when it has none yet. */
  public Uni<Pipeline> ensure(Tenant tenant) {
    return Uni.createFrom()
        .deferred(() -> Panache.withTransaction(() -> findOrCreate(tenant)))
        .onFailure(DealErrors::isUniqueViolation)
        .retry()
        .atMost(RETRIES);
  }

  private Uni<Pipeline> findOrCreate(Tenant tenant) {
    return pipelines
        .findDefault(tenant)
        .chain(found -> found != null ? Uni.createFrom().item(found) : create(tenant));
  }

  private Uni<Pipeline> create(Tenant tenant) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Pipeline pipeline = new Pipeline();
    pipeline.setName(PipelineRules.DEFAULT_NAME);
    pipeline.setDefaultPipeline(true);
    pipeline.setCreatedAt(now);
    pipeline.setUpdatedAt(now);
    return pipelines
        .persist(tenant, pipeline)
        .chain(
            saved -> {
              List<PipelineStage> created = new ArrayList<>();
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (int i = 0; i < PipelineRules.DEFAULT_STAGES.size(); i++) {
                StageRequest template = PipelineRules.DEFAULT_STAGES.get(i);
                PipelineStage stage = new PipelineStage();
                stage.setPipelineId(saved.getId());
                stage.setName(template.name());
                stage.setStageOrder(i);
                stage.setProbability(template.probability());
                stage.setKind(StageKind.of(template.kind()));
                stage.setCreatedAt(now);
                stage.setUpdatedAt(now);
                created.add(stage);
                chain = chain.chain(() -> stages.persist(tenant, stage)).replaceWithVoid();
              }
              return chain
                  .chain(
                      () -> events.pipelineUpdated(tenant, PipelineResponse.from(saved, created)))
                  .replaceWith(saved);
            });
  }
}
