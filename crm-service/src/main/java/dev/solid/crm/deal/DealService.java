package dev.solid.crm.deal;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.crm.contact.ContactRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deal use cases. Every write runs in one {@code @WithTransaction} method here, which also writes
 * the stage history ({@link DealStages}) and appends the events: no event or history entry for a
 * rolled-back change, no change without them. The deal row is locked for a PATCH or DELETE.
 */
@ApplicationScoped
public class DealService {
  private final DealRepository deals;
  private final PipelineRepository pipelines;
  private final StageRepository stages;
  private final HistoryRepository history;
  private final ContactRepository contacts;
  private final DealStages dealStages;
  private final DealEvents events;

  public DealService(
      DealRepository deals,
      PipelineRepository pipelines,
      StageRepository stages,
      HistoryRepository history,
      ContactRepository contacts,
      DealStages dealStages,
      DealEvents events) {
    this.deals = deals;
    this.pipelines = pipelines;
    this.stages = stages;
    this.history = history;
    this.contacts = contacts;
    this.dealStages = dealStages;
    this.events = events;
  }

  @WithSession
  public Uni<Page<DealResponse>> list(
      Tenant tenant, DealFilter filter, DealSort sort, PageRequest page) {
    return deals.search(tenant, filter, sort, page).chain(result -> page(tenant, result, page));
  }

  /** The deals of a contact, newest first; 404 when the contact is not the company's. */
  @WithSession
  public Uni<Page<DealResponse>> listOfContact(Tenant tenant, long contactId, PageRequest page) {
    return contacts
        .findById(tenant, contactId)
        .invoke(
            contact -> {
              if (contact == null) {
                throw ApiException.notFound("Contact");
              }
            })
        .chain(
            () ->
                deals.search(tenant, DealFilter.ofContact(contactId), DealSort.NEWEST_FIRST, page))
        .chain(result -> page(tenant, result, page));
  }

  @WithSession
  public Uni<DealResponse> get(Tenant tenant, long id) {
    return deals.findById(tenant, id).map(DealService::found).chain(deal -> view(tenant, deal));
  }

  @WithSession
  public Uni<Page<HistoryResponse>> history(Tenant tenant, long id, PageRequest page) {
    return deals
        .findById(tenant, id)
        .map(DealService::found)
        .chain(deal -> history.ofDeal(tenant, deal.getId(), page))
        .map(
            result ->
                Page.of(
                    result.items().stream().map(HistoryResponse::from).toList(),
                    result.total(),
                    page));
  }

  /**
   * Creates a deal in the body's pipeline (else {@code defaultPipelineId}) and stage (else the
   * pipeline's first), with its first history entry.
   */
  @WithTransaction
  public Uni<DealResponse> create(
      Tenant tenant, String actor, DealRequest body, long defaultPipelineId) {
    long pipelineId = body.pipelineId() != null ? body.pipelineId() : defaultPipelineId;
    return pipelines
        .findById(tenant, pipelineId)
        .invoke(
            pipeline -> {
              if (pipeline == null) {
                throw DealRules.unknown("pipeline_id", body.pipelineId(), "pipeline");
              }
            })
        .chain(() -> stages.ofPipeline(tenant, pipelineId))
        .map(all -> resolveStage(all, body.stage(), body.stageId()))
        .call(() -> requireContact(tenant, body.contactId()))
        .chain(
            stage -> {
              if (body.lostReason() != null && stage.getKind() != StageKind.LOST) {
                throw DealRules.lostReasonNeedsLostStage();
              }
              Instant now = now();
              Deal deal = new Deal();
              deal.setTitle(body.title());
              deal.setAmount(body.amount());
              deal.setCurrency(DealRules.currency(body.currency()));
              deal.setContactId(body.contactId());
              deal.setExpectedCloseDate(body.expectedCloseDate());
              deal.setSalesRep(body.salesRep());
              deal.setCustomFields(
                  body.customFields() == null
                      ? Map.of()
                      : DealRules.mergeCustomFields(Map.of(), body.customFields()));
              deal.setCreatedAt(now);
              deal.setUpdatedAt(now);
              DealStages.place(deal, stage, now);
              deal.setLostReason(body.lostReason());
              return deals
                  .persist(tenant, deal)
                  .call(saved -> dealStages.recordCreation(tenant, saved, stage, actor, now))
                  .map(saved -> DealResponse.from(saved, stage))
                  .call(created -> events.created(tenant, created));
            });
  }

  /** Applies a PATCH; a move to another stage is recorded in the history with the new amount. */
  @WithTransaction
  public Uni<DealResponse> update(Tenant tenant, String actor, long id, DealChanges changes) {
    return deals
        .findByIdForUpdate(tenant, id)
        .map(DealService::found)
        .chain(
            deal ->
                stages
                    .findById(tenant, deal.getStageId())
                    .chain(current -> target(tenant, deal, current, changes))
                    .call(() -> requireContact(tenant, changes.contactId()))
                    .chain(stages -> apply(tenant, actor, deal, stages, changes)));
  }

  private Uni<DealResponse> apply(
      Tenant tenant, String actor, Deal deal, Stages stages, DealChanges changes) {
    Instant now = now();
    if (changes.title() != null) {
      deal.setTitle(changes.title());
    }
    if (changes.amount() != null) {
      deal.setAmount(changes.amount());
    }
    if (changes.currency() != null) {
      deal.setCurrency(DealRules.currency(changes.currency()));
    }
    if (changes.contactId() != null) {
      deal.setContactId(changes.contactId().orElse(null));
    }
    if (changes.expectedCloseDate() != null) {
      deal.setExpectedCloseDate(changes.expectedCloseDate().orElse(null));
    }
    if (changes.salesRep() != null) {
      deal.setSalesRep(changes.salesRep().orElse(null));
    }
    if (changes.customFields() != null) {
      deal.setCustomFields(
          changes
              .customFields()
              .map(fields -> DealRules.mergeCustomFields(deal.getCustomFields(), fields))
              .orElse(Map.of()));
    }
    StageMove move = DealStages.move(deal, stages.current(), stages.target(), now);
    if (changes.lostReason() != null) {
      if (changes.lostReason().isPresent() && stages.target().getKind() != StageKind.LOST) {
        throw DealRules.lostReasonNeedsLostStage();
      }
      deal.setLostReason(changes.lostReason().orElse(null));
    }
    deal.setUpdatedAt(now);
    return deals
        .flush()
        .chain(
            () ->
                move == null
                    ? Uni.createFrom().voidItem()
                    : dealStages.recordMove(tenant, deal, move, actor, now))
        .map(ignored -> DealResponse.from(deal, stages.target()))
        .call(updated -> events.updated(tenant, updated, move));
  }

  @WithTransaction
  public Uni<Void> delete(Tenant tenant, long id) {
    return deals
        .findByIdForUpdate(tenant, id)
        .map(DealService::found)
        // Its history goes with it (ON DELETE CASCADE).
        .call(deal -> deals.delete(tenant, deal))
        .chain(deal -> events.deleted(tenant, deal.getId()));
  }

  /** The deal's current stage and the one the PATCH moves it to (the same when it stays). */
  private Uni<Stages> target(Tenant tenant, Deal deal, PipelineStage current, DealChanges changes) {
    if (!changes.movesStage()) {
      return Uni.createFrom().item(new Stages(current, current));
    }
    long pipelineId = changes.pipelineId() != null ? changes.pipelineId() : deal.getPipelineId();
    Uni<Void> pipelineExists =
        pipelineId == deal.getPipelineId()
            ? Uni.createFrom().voidItem()
            : pipelines
                .findById(tenant, pipelineId)
                .invoke(
                    pipeline -> {
                      if (pipeline == null) {
                        throw DealRules.unknown("pipeline_id", pipelineId, "pipeline");
                      }
                    })
                .replaceWithVoid();
    return pipelineExists
        .chain(() -> stages.ofPipeline(tenant, pipelineId))
        .map(
            all -> {
              boolean named = changes.stage() != null || changes.stageId() != null;
              PipelineStage target =
                  named || pipelineId != deal.getPipelineId()
                      ? resolveStage(all, changes.stage(), changes.stageId())
                      : current;
              return new Stages(current, target);
            });
  }

  /**
   * The stage named by {@code name} (case-insensitive) and/or {@code id} among the pipeline's
   * stages, or its first stage when neither is given. Unknown names and ids, and a name and an id
   * that disagree, are 422s naming the field.
   */
  static PipelineStage resolveStage(List<PipelineStage> stages, String name, Long id) {
    PipelineStage byId = null;
    if (id != null) {
      byId =
          stages.stream()
              .filter(s -> s.getId().equals(id))
              .findFirst()
              .orElseThrow(() -> DealRules.unknown("stage_id", id, "stage"));
    }
    PipelineStage byName = null;
    if (name != null) {
      String wanted = name.toLowerCase(Locale.ROOT);
      byName =
          stages.stream()
              .filter(s -> s.getName().toLowerCase(Locale.ROOT).equals(wanted))
              .findFirst()
              .orElseThrow(() -> DealRules.unknown("stage", name, "stage"));
    }
    if (byId != null && byName != null && !byId.getId().equals(byName.getId())) {
      throw ApiException.validation(
          "Fields 'stage' and 'stage_id' name different stages; send one of them",
          List.of(
              new ProblemDetail("stage", "stage_mismatch", name),
              new ProblemDetail("stage_id", "stage_mismatch", id)));
    }
    return byId != null ? byId : byName != null ? byName : stages.get(0);
  }

  private Uni<Void> requireContact(Tenant tenant, Long contactId) {
    if (contactId == null) {
      return Uni.createFrom().voidItem();
    }
    return contacts
        .findById(tenant, contactId)
        .invoke(
            contact -> {
              if (contact == null) {
                throw DealRules.unknown("contact_id", contactId, "contact");
              }
            })
        .replaceWithVoid();
  }

  private Uni<Void> requireContact(Tenant tenant, Optional<Long> change) {
    return change == null
        ? Uni.createFrom().voidItem()
        : requireContact(tenant, change.orElse(null));
  }

  private Uni<Page<DealResponse>> page(
      Tenant tenant, DealRepository.Result result, PageRequest page) {
    List<Long> stageIds = result.items().stream().map(Deal::getStageId).distinct().toList();
    return stages
        .withIds(tenant, stageIds)
        .map(
            found -> {
              Map<Long, PipelineStage> byId =
                  found.stream()
                      .collect(Collectors.toMap(PipelineStage::getId, Function.identity()));
              return Page.of(
                  result.items().stream()
                      .map(deal -> DealResponse.from(deal, byId.get(deal.getStageId())))
                      .toList(),
                  result.total(),
                  page);
            });
  }

  private Uni<DealResponse> view(Tenant tenant, Deal deal) {
    return stages.findById(tenant, deal.getStageId()).map(stage -> DealResponse.from(deal, stage));
  }

  private static Deal found(Deal deal) {
    if (deal == null) {
      throw ApiException.notFound("Deal");
    }
    return deal;
  }

  // PostgreSQL keeps microseconds; truncating makes the response equal what a later GET returns.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** A deal's stage before a PATCH and after it. */
  private record Stages(PipelineStage current, PipelineStage target) {}
}
