package dev.solid.crm.deal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTopics;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.outbox.OutboxWriter;
import dev.solid.kit.outbox.SessionOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events of deal and pipeline changes, appended to the crm outbox in the caller's transaction.
 * A deal's {@code data} is the deal exactly as the API returns it. Every change of a deal is {@code
 * deal.updated}; one that moved it to another stage is also {@code deal.stage_changed} ({@code
 * from}, {@code to}, {@code deal}), and one that entered a won or lost stage (from a stage of
 * another kind, or at creation) also {@code deal.won} or {@code deal.lost}. Every change of a
 * pipeline or its stages is {@code pipeline.updated} with the pipeline; a deleted pipeline's is
 * {@code {id, object, deleted: true}}.
 */
@ApplicationScoped
public class DealEvents {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final OutboxWriter outbox;
  private final ObjectMapper json;

  public DealEvents(OutboxWriter outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  public Uni<Void> created(Tenant tenant, DealResponse deal) {
    return emit(tenant, EventTypes.DEAL_CREATED, data(deal)).chain(() -> closed(tenant, deal));
  }

  /** A changed deal; {@code move} is its stage change, or null when it stayed in its stage. */
  public Uni<Void> updated(Tenant tenant, DealResponse deal, StageMove move) {
    Uni<Void> updated = emit(tenant, EventTypes.DEAL_UPDATED, data(deal));
    if (move == null) {
      return updated;
    }
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("from", stage(move.from()));
    change.put("to", stage(move.to()));
    change.put("deal", data(deal));
    return updated
        .chain(() -> emit(tenant, EventTypes.DEAL_STAGE_CHANGED, change))
        .chain(() -> move.kindChanged() ? closed(tenant, deal) : Uni.createFrom().voidItem());
  }

  public Uni<Void> deleted(Tenant tenant, long dealId) {
    return emit(tenant, EventTypes.DEAL_DELETED, Map.of("id", dealId, "object", "deal"));
  }

  public Uni<Void> pipelineUpdated(Tenant tenant, PipelineResponse pipeline) {
    return emit(tenant, EventTypes.PIPELINE_UPDATED, json.convertValue(pipeline, MAP));
  }

  public Uni<Void> pipelineDeleted(Tenant tenant, long pipelineId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", pipelineId);
    data.put("object", "pipeline");
    data.put("deleted", true);
    return emit(tenant, EventTypes.PIPELINE_UPDATED, data);
  }

  private Uni<Void> closed(Tenant tenant, DealResponse deal) {
    return switch (deal.status()) {
      case WON -> emit(tenant, EventTypes.DEAL_WON, data(deal));
      case LOST -> emit(tenant, EventTypes.DEAL_LOST, data(deal));
      case OPEN -> Uni.createFrom().voidItem();
    };
  }

  private Map<String, Object> data(DealResponse deal) {
    return json.convertValue(deal, MAP);
  }

  private static Map<String, Object> stage(PipelineStage stage) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", stage.getId());
    data.put("name", stage.getName());
    data.put("kind", stage.getKind().wire());
    return data;
  }

  private Uni<Void> emit(Tenant tenant, String type, Map<String, Object> data) {
    EventEnvelope event = EventEnvelope.of(type, tenant.companyId(), tenant.livemode(), data);
    return Panache.getSession()
        .chain(session -> SessionOutbox.append(session, outbox, EventTopics.CRM, event));
  }
}
