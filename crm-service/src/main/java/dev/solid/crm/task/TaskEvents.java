package dev.solid.crm.task;

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
import java.util.Map;

/**
 * {@code task.created} and {@code task.completed}, appended to the crm outbox in the caller's
 * transaction; {@code data} is the task exactly as the API returns it. Other edits, reopening and
 * deletion publish nothing: no event type for them is published yet.
 */
@ApplicationScoped
public class TaskEvents {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final OutboxWriter outbox;
  private final ObjectMapper json;

  public TaskEvents(OutboxWriter outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  Uni<Void> created(Tenant tenant, TaskResponse task) {
    return emit(tenant, EventTypes.TASK_CREATED, task);
  }

  Uni<Void> completed(Tenant tenant, TaskResponse task) {
    return emit(tenant, EventTypes.TASK_COMPLETED, task);
  }

  private Uni<Void> emit(Tenant tenant, String type, TaskResponse task) {
    EventEnvelope event =
        EventEnvelope.of(type, tenant.companyId(), tenant.livemode(), json.convertValue(task, MAP));
    return Panache.getSession()
        .chain(session -> SessionOutbox.append(session, outbox, EventTopics.CRM, event));
  }
}
