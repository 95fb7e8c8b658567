package dev.solid.messaging.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.messaging.message.MessageRepository;
import dev.solid.messaging.sequence.ReplyStopper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps messaging.contacts in step with crm's contact events ({@code solid.crm.events.v1}), so
 * templates and inbound messages find their contact without reading crm's tables. Idempotent by
 * event id. When a contact appears, messages from its phone or username that were stored before
 * (inbound from an unknown sender) are linked to it.
 */
@ApplicationScoped
public class ContactProjection {
  private static final Logger LOG = Logger.getLogger(ContactProjection.class);
  private static final String CONSUMER = "contact-projection";

  private final Pool pool;
  private final ContactRepository contacts;
  private final MessageRepository messages;
  private final ProcessedEvents processed;
  private final ReplyStopper replies;
  private final ObjectMapper json;

  public ContactProjection(
      Pool pool,
      ContactRepository contacts,
      MessageRepository messages,
      ProcessedEvents processed,
      ReplyStopper replies,
      ObjectMapper json) {
    this.pool = pool;
    this.contacts = contacts;
    this.messages = messages;
    this.processed = processed;
    this.replies = replies;
    this.json = json;
  }

  @Incoming("crm-events")
  public Uni<Void> onEvent(String payload) {
    JsonNode event;
    try {
      event = json.readTree(payload);
    } catch (Exception e) {
      LOG.errorf("Dropping unreadable crm event: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    String type = event.path("event").asText();
    if (!EventTypes.CONTACT_CREATED.equals(type)
        && !EventTypes.CONTACT_UPDATED.equals(type)
        && !EventTypes.CONTACT_DELETED.equals(type)) {
      return Uni.createFrom().voidItem();
    }
    return apply(event)
        // A database blip should not lose the event: try again a few times before logging it.
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2))
        .atMost(5)
        .onFailure()
        .invoke(e -> LOG.errorf(e, "Could not apply crm event %s", event.path("id").asText()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  Uni<Void> apply(JsonNode event) {
    Tenant tenant =
        new Tenant(event.path("company_id").asLong(), event.path("livemode").asBoolean());
    JsonNode data = event.path("data");
    long id = data.path("id").asLong();
    return pool.withTransaction(
        db ->
            processed
                .firstTime(db, CONSUMER, event.path("id").asText())
                .chain(
                    first -> {
                      if (!first) {
                        return Uni.createFrom().voidItem();
                      }
                      if (EventTypes.CONTACT_DELETED.equals(event.path("event").asText())) {
                        return contacts.delete(db, tenant, id);
                      }
                      ProjectedContact contact = ProjectedContact.fromJson(data, json);
                      return contacts
                          .upsert(db, tenant, contact)
                          .chain(
                              () ->
                                  messages.linkContact(
                                      db,
                                      tenant,
                                      id,
                                      contact.phone(),
                                      contact.username(),
                                      contact.telegramId()))
                          .chain(
                              linked ->
                                  linked.stream().anyMatch(m -> "inbound".equals(m.direction()))
                                      ? replies.contactReplied(db, tenant, id)
                                      : Uni.createFrom().voidItem());
                    }));
  }
}
