package dev.solid.messaging.contact;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.events.EventConsumption;
import dev.solid.messaging.message.MessageRepository;
import dev.solid.messaging.sequence.ReplyStopper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps messaging.contacts in step with crm's contact events ({@code solid.crm.events.v1}), so
 * templates and inbound messages find their contact without reading crm's tables. Exactly once per
 * event id through the kit's {@link EventConsumption} (the dedupe row commits with the change, so a
 * redelivered event changes nothing); a record that is not an envelope is skipped. When a contact
 * appears, messages from its phone or username that were stored before (inbound from an unknown
 * sender) are linked to it.
 */
@ApplicationScoped
public class ContactProjection {
  private static final String CONSUMER = "contact-projection";
  private static final Set<String> CONTACT_EVENTS =
      Set.of(EventTypes.CONTACT_CREATED, EventTypes.CONTACT_UPDATED, EventTypes.CONTACT_DELETED);

  private final Pool pool;
  private final ContactRepository contacts;
  private final MessageRepository messages;
  private final EventConsumption consumption;
  private final ReplyStopper replies;
  private final ObjectMapper json;

  public ContactProjection(
      Pool pool,
      ContactRepository contacts,
      MessageRepository messages,
      EventConsumption consumption,
      ReplyStopper replies,
      ObjectMapper json) {
    this.pool = pool;
    this.contacts = contacts;
    this.messages = messages;
    this.consumption = consumption;
    this.replies = replies;
    this.json = json;
  }

  @Incoming("crm-events")
  public Uni<Void> onEvent(EventEnvelope event) {
    if (event == null || !CONTACT_EVENTS.contains(event.event())) {
      return Uni.createFrom().voidItem(); // not an envelope, or crm news this service ignores
    }
    return consumption.once(pool, CONSUMER, event, db -> apply(db, event));
  }

  private Uni<Void> apply(SqlClient db, EventEnvelope event) {
    Tenant tenant = new Tenant(event.companyId(), event.livemode());
    ProjectedContact contact = json.convertValue(event.data(), CrmContact.class).toProjected();
    if (EventTypes.CONTACT_DELETED.equals(event.event())) {
      return contacts.delete(db, tenant, contact.id());
    }
    return contacts
        .upsert(db, tenant, contact)
        .chain(
            () ->
                messages.linkContact(
                    db,
                    tenant,
                    contact.id(),
                    contact.phone(),
                    contact.username(),
                    contact.telegramId()))
        .chain(
            linked ->
                linked.stream().anyMatch(m -> "inbound".equals(m.direction()))
                    ? replies.contactReplied(db, tenant, contact.id())
                    : Uni.createFrom().voidItem());
  }
}
