package dev.solid.crm.contact;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of contact changes, appended to the crm outbox in the caller's transaction. {@code
 * data} of created/updated is the contact exactly as the API returns it; {@code contact.tagged}
 * names the tags that were added.
 */
@ApplicationScoped
public class ContactEvents {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final OutboxWriter outbox;
  private final ObjectMapper json;

  public ContactEvents(OutboxWriter outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  public Uni<Void> created(Tenant tenant, ContactResponse contact) {
    return emit(tenant, EventTypes.CONTACT_CREATED, json.convertValue(contact, MAP))
        .chain(() -> tagged(tenant, contact, List.of()));
  }

  public Uni<Void> updated(Tenant tenant, ContactResponse contact, List<String> tagsBefore) {
    return emit(tenant, EventTypes.CONTACT_UPDATED, json.convertValue(contact, MAP))
        .chain(() -> tagged(tenant, contact, tagsBefore));
  }

  public Uni<Void> deleted(Tenant tenant, long contactId) {
    return emit(tenant, EventTypes.CONTACT_DELETED, Map.of("id", contactId));
  }

  private Uni<Void> tagged(Tenant tenant, ContactResponse contact, List<String> tagsBefore) {
    List<String> added = new ArrayList<>(contact.tags() == null ? List.of() : contact.tags());
    added.removeAll(tagsBefore == null ? List.of() : tagsBefore);
    if (added.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("contact_id", contact.id());
    data.put("tags_added", added);
    data.put("tags", contact.tags());
    return emit(tenant, EventTypes.CONTACT_TAGGED, data);
  }

  private Uni<Void> emit(Tenant tenant, String type, Map<String, Object> data) {
    EventEnvelope event = EventEnvelope.of(type, tenant.companyId(), tenant.livemode(), data);
    return Panache.getSession()
        .chain(session -> SessionOutbox.append(session, outbox, EventTopics.CRM, event));
  }
}
