package dev.solid.crm.activity;

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
 * {@code activity.logged}, appended to the crm outbox in the caller's transaction; {@code data} is
 * the activity exactly as the API returns it. Edits and deletions publish nothing: no event type
 * for them is published yet, and type names never change once they are.
 */
@ApplicationScoped
public class ActivityEvents {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final OutboxWriter outbox;
  private final ObjectMapper json;

  public ActivityEvents(OutboxWriter outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  public Uni<Void> logged(Tenant tenant, ActivityResponse activity) {
    EventEnvelope event =
        EventEnvelope.of(
            EventTypes.ACTIVITY_LOGGED,
            tenant.companyId(),
            tenant.livemode(),
            json.convertValue(activity, MAP));
    return Panache.getSession()
        .chain(session -> SessionOutbox.append(session, outbox, EventTopics.CRM, event));
  }
}
