package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pipeline use cases. Every write runs in one {@code @WithTransaction} method, locks the pipeline's
 * row first (so two changes of one pipeline's stages cannot interleave and break its names or
 * positions) and appends {@code pipeline.updated} in the same transaction.
 */
@ApplicationScoped
public class PipelineService {
  private final PipelineRepository pipelines;
  private final StageRepository stages;
  private final DealRepository deals;
  private final DealMoves moves;
  private final DealEvents events;

  public PipelineService(
      PipelineRepository pipelines,
      StageRepository stages,
      DealRepository deals,
      DealMoves moves,
      DealEvents events) {
    this.pipelines = pipelines;
    this.stages = stages;
    this.deals = deals;
    this.moves = moves;
    this.events = events;
  }

  @WithSession
  public Uni<Page<PipelineResponse>> list(Tenant tenant, PageRequest page) {
    return pipelines
        .page(tenant, page)
        .chain(
            result ->
                stages
                    .ofPipelines(tenant, result.items().stream().map(Pipeline::getId).toList())
                    .map(
                        all -> {
                          Map<Long, List<PipelineStage>> byPipeline =
                              all.stream()
                                  .collect(Collectors.groupingBy(PipelineStage::getPipelineId));
                          List<PipelineResponse> items =
                              result.items().stream()
                                  .map(
                                      p ->
                                          PipelineResponse.from(
                                              p, byPipeline.getOrDefault(p.getId(), List.of())))
                                  .toList();
                          return Page.of(items, result.total(), page);
                        }));
  }

  @WithSession
  public Uni<PipelineResponse> get(Tenant tenant, long id) {
    return pipelines.findById(tenant, id).map(PipelineService::found).chain(p -> view(tenant, p));
  }

  @WithTransaction
  public Uni<PipelineResponse> create(Tenant tenant, PipelineRequest body) {
    List<PipelineRules.StagePlan> plans = PipelineRules.plan(body.stages(), Map.of());
    Instant now = now();
    return requireFreeName(tenant, body.name(), null)
        .chain(
            () -> {
              Pipeline pipeline = new Pipeline();
              pipeline.setName(body.name());
              pipeline.setCreatedAt(now);
              pipeline.setUpdatedAt(now);
              return pipelines.persist(tenant, pipeline);
            })
        .call(pipeline -> persistNew(tenant, pipeline, plans, now))
        .chain(pipeline -> view(tenant, pipeline))
        .call(view -> events.pipelineUpdated(tenant, view));
  }

  /**
   * Renames the pipeline and/or replaces its stage list (see {@link PipelinePatch}). A stage left
   * out is deleted, which is a 409 while it holds deals; so is changing the kind of a stage that
   * holds deals (their status, closed_at and history would stop matching).
   */
  @WithTransaction
  public Uni<PipelineResponse> update(Tenant tenant, long id, PipelinePatch patch) {
    return pipelines
        .findByIdForUpdate(tenant, id)
        .map(PipelineService::found)
        .call(
            pipeline ->
                patch.name() == null
                    ? Uni.createFrom().voidItem()
                    : requireFreeName(tenant, patch.name(), pipeline.getId()))
        .call(
            pipeline ->
                patch.stages() == null
                    ? Uni.createFrom().voidItem()
                    : restage(tenant, pipeline, patch.stages()))
        .chain(
            pipeline -> {
              if (patch.name() != null) {
                pipeline.setName(patch.name());
              }
              pipeline.setUpdatedAt(now());
              return pipelines.flush().replaceWith(pipeline);
            })
        .chain(pipeline -> view(tenant, pipeline))
        .call(view -> events.pipelineUpdated(tenant, view));
  }

  private Uni<Void> restage(Tenant tenant, Pipeline pipeline, List<StageRequest> requested) {
    Instant now = now();
    return stages
        .ofPipeline(tenant, pipeline.getId())
        .chain(
            current -> {
              Map<Long, PipelineStage> byId =
                  current.stream()
                      .collect(
                          Collectors.toMap(
                              PipelineStage::getId,
                              Function.identity(),
                              (a, b) -> a,
                              LinkedHashMap::new));
              List<PipelineRules.StagePlan> plans = PipelineRules.plan(requested, byId);
              List<PipelineStage> removed = new ArrayList<>(current);
              plans.forEach(plan -> removed.remove(plan.current()));
              List<PipelineStage> rekinded =
                  plans.stream()
                      .filter(p -> p.current() != null && p.current().getKind() != p.kind())
                      .map(PipelineRules.StagePlan::current)
                      .toList();
              return requireEmpty(tenant, removed, "is left out of 'stages'")
                  .chain(() -> requireEmpty(tenant, rekinded, "changes its kind"))
                  .chain(() -> deleteAll(tenant, removed))
                  .chain(
                      () -> {
                        for (PipelineRules.StagePlan plan : plans) {
                          if (plan.current() != null) {
                            apply(plan.current(), plan, now);
                          }
                        }
                        return stages.flush();
                      })
                  .chain(
                      () ->
                          persistNew(
                              tenant,
                              pipeline,
                              plans.stream().filter(p -> p.current() == null).toList(),
                              now));
            });
  }

  /**
   * Deletes a stage. Its deals move to {@code moveDealsTo} (another stage of the pipeline, by id or
   * name), each with its history entry and events; without it a stage holding deals is a 409. The
   * pipeline keeps at least one won and one lost stage (409 otherwise).
   */
  @WithTransaction
  public Uni<PipelineResponse> deleteStage(
      Tenant tenant, String actor, long pipelineId, long stageId, String moveDealsTo) {
    return pipelines
        .findByIdForUpdate(tenant, pipelineId)
        .map(PipelineService::found)
        .chain(
            pipeline ->
                stages
                    .ofPipeline(tenant, pipeline.getId())
                    .chain(all -> deleteStage(tenant, actor, pipeline, all, stageId, moveDealsTo)));
  }

  private Uni<PipelineResponse> deleteStage(
      Tenant tenant,
      String actor,
      Pipeline pipeline,
      List<PipelineStage> all,
      long stageId,
      String moveDealsTo) {
    PipelineStage stage =
        all.stream()
            .filter(s -> s.getId() == stageId)
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("Stage"));
    List<PipelineStage> remaining = new ArrayList<>(all);
    remaining.remove(stage);
    PipelineStage target = moveDealsTo == null ? null : target(remaining, moveDealsTo);
    List<StageKind> kinds = remaining.stream().map(PipelineStage::getKind).toList();
    if (!kinds.contains(StageKind.WON) || !kinds.contains(StageKind.LOST)) {
      throw ApiException.conflict(
          "A pipeline keeps at least one won and one lost stage; this is its last "
              + stage.getKind().wire()
              + " stage");
    }
    Instant now = now();
    Uni<Void> emptied =
        target == null
            ? requireEmpty(
                tenant,
                List.of(stage),
                "holds deals; name another stage in" + " 'move_deals_to' to move them there")
            : moves.moveAll(tenant, actor, stage, target, now);
    return emptied
        .chain(() -> stages.delete(tenant, stage))
        .chain(
            () -> {
              for (int i = 0; i < remaining.size(); i++) {
                remaining.get(i).setStageOrder(i);
              }
              pipeline.setUpdatedAt(now);
              return stages.flush();
            })
        .chain(() -> view(tenant, pipeline))
        .call(view -> events.pipelineUpdated(tenant, view));
  }

  /** Deletes a pipeline without deals; the default pipeline is never deleted (409). */
  @WithTransaction
  public Uni<Void> delete(Tenant tenant, long id) {
    return pipelines
        .findByIdForUpdate(tenant, id)
        .map(PipelineService::found)
        .call(
            pipeline -> {
              if (pipeline.isDefaultPipeline()) {
                throw ApiException.conflict("The default pipeline cannot be deleted");
              }
              return deals
                  .countInPipeline(tenant, pipeline.getId())
                  .invoke(
                      count -> {
                        if (count > 0) {
                          throw ApiException.conflict(
                              "The pipeline holds " + count + " deals; move or delete them first");
                        }
                      });
            })
        // Its stages go with it (ON DELETE CASCADE).
        .call(pipeline -> pipelines.delete(tenant, pipeline))
        .chain(pipeline -> events.pipelineDeleted(tenant, pipeline.getId()));
  }

  private static PipelineStage target(List<PipelineStage> candidates, String raw) {
    String wanted = raw.strip();
    return candidates.stream()
        .filter(
            s ->
                String.valueOf(s.getId()).equals(wanted)
                    || s.getName().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.validation(
                    new ProblemDetail("move_deals_to", "unknown_stage", raw),
                    "Query parameter 'move_deals_to' must name another stage of this pipeline"));
  }

  private Uni<Void> requireEmpty(Tenant tenant, List<PipelineStage> checked, String why) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (PipelineStage stage : checked) {
      chain =
          chain
              .chain(() -> deals.countInStage(tenant, stage.getId()))
              .invoke(
                  count -> {
                    if (count > 0) {
                      throw ApiException.conflict(
                          "Stage '" + stage.getName() + "' " + why + " (" + count + " deals)");
                    }
                  })
              .replaceWithVoid();
    }
    return chain;
  }

  private Uni<Void> deleteAll(Tenant tenant, List<PipelineStage> removed) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (PipelineStage stage : removed) {
      chain = chain.chain(() -> stages.delete(tenant, stage));
    }
    return chain;
  }

  private Uni<Void> persistNew(
      Tenant tenant, Pipeline pipeline, List<PipelineRules.StagePlan> plans, Instant now) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (PipelineRules.StagePlan plan : plans) {
      PipelineStage stage = new PipelineStage();
      stage.setPipelineId(pipeline.getId());
      stage.setCreatedAt(now);
      apply(stage, plan, now);
      chain = chain.chain(() -> stages.persist(tenant, stage)).replaceWithVoid();
    }
    return chain;
  }

  private static void apply(PipelineStage stage, PipelineRules.StagePlan plan, Instant now) {
    stage.setName(plan.name());
    stage.setProbability(plan.probability());
    stage.setKind(plan.kind());
    stage.setStageOrder(plan.position());
    stage.setUpdatedAt(now);
  }

  private Uni<Void> requireFreeName(Tenant tenant, String name, Long exceptId) {
    return pipelines
        .findOtherByName(tenant, name, exceptId)
        .invoke(
            other -> {
              if (other != null) {
                throw ApiException.conflict("Another pipeline is already named '" + name + "'");
              }
            })
        .replaceWithVoid();
  }

  private Uni<PipelineResponse> view(Tenant tenant, Pipeline pipeline) {
    return stages
        .ofPipeline(tenant, pipeline.getId())
        .map(all -> PipelineResponse.from(pipeline, all));
  }

  private static Pipeline found(Pipeline pipeline) {
    if (pipeline == null) {
      throw ApiException.notFound("Pipeline");
    }
    return pipeline;
  }

  // PostgreSQL keeps microseconds; truncating makes the response equal what a later GET returns.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
