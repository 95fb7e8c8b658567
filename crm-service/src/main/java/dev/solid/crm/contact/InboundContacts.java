package dev.solid.crm.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Creates the contact of someone who messaged a company's account and is not in its CRM yet, from
 * messaging's {@code message.received} events: by phone for sms, by Telegram user id then username
 * for telegram. The contact leaves as {@code contact.created} through the outbox as usual, which is
 * how the messaging service learns it and links the message. Idempotent by event id; one company's
 * events arrive in order on one partition, so two messages from one new sender cannot race into two
 * contacts.
 *
 * <p>A Telegram message messaging already linked to a contact ({@code contact_id} set) still
 * teaches crm the sender's user id when that contact lacks one (e.g. {@code @sarah}, created
 * through the API, writes to the bot): the id is what reaches her private chat and what still finds
 * her if she drops or changes the username. That leaves as {@code contact.updated}.
 */
@ApplicationScoped
public class InboundContacts {
  private static final Logger LOG = Logger.getLogger(InboundContacts.class);
  private static final String CONSUMER = "inbound-contacts";

  private final ContactRepository contacts;
  private final ContactEvents events;
  private final ObjectMapper json;

  public InboundContacts(ContactRepository contacts, ContactEvents events, ObjectMapper json) {
    this.contacts = contacts;
    this.events = events;
    this.json = json;
  }

  @Incoming("messaging-events")
  public Uni<Void> onEvent(String payload) {
    JsonNode event;
    try {
      event = json.readTree(payload);
    } catch (Exception e) {
      LOG.errorf("Dropping unreadable messaging event: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (!EventTypes.MESSAGE_RECEIVED.equals(event.path("event").asText())
        || (!event.path("data").path("contact_id").isNull() && !teachesTelegramId(event))) {
      return Uni.createFrom().voidItem();
    }
    return Panache.withTransaction(() -> apply(event))
        // A lost race on the username index, or a database blip: the retry finds the winner.
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
        .atMost(5)
        .onFailure()
        .invoke(e -> LOG.errorf(e, "Could not apply %s", event.path("id").asText()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** A Telegram message from a known contact that carries the sender's user id. */
  private static boolean teachesTelegramId(JsonNode event) {
    JsonNode data = event.path("data");
    return "telegram".equals(data.path("channel").asText())
        && data.path("contact_id").isIntegralNumber()
        && data.path("telegram_id").isIntegralNumber();
  }

  private Uni<Void> apply(JsonNode event) {
    Tenant tenant =
        new Tenant(event.path("company_id").asLong(), event.path("livemode").asBoolean());
    JsonNode data = event.path("data");
    boolean sms = "sms".equals(data.path("channel").asText());
    String phone = sms ? text(data, "from") : null;
    String username = sms ? null : text(data, "username");
    Long telegramId =
        !sms && data.path("telegram_id").isIntegralNumber()
            ? data.path("telegram_id").asLong()
            : null;
    if (phone == null && username == null && telegramId == null) {
      return Uni.createFrom().voidItem(); // nothing crm can key on
    }
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "INSERT INTO crm.processed_events (consumer, event_id) VALUES (:c, :e)"
                            + " ON CONFLICT DO NOTHING")
                    .setParameter("c", CONSUMER)
                    .setParameter("e", event.path("id").asText())
                    .executeUpdate())
        .chain(
            inserted -> {
              if (inserted == 0) {
                return Uni.createFrom().voidItem();
              }
              if (!data.path("contact_id").isNull()) {
                return backfillTelegramId(tenant, data.path("contact_id").asLong(), telegramId);
              }
              if (sms) {
                return contacts
                    .findByPhoneForUpdate(tenant, phone)
                    .chain(
                        found ->
                            found != null
                                ? Uni.createFrom().voidItem()
                                : create(tenant, data, phone, null, null));
              }
              return telegramContact(tenant, telegramId, username)
                  .chain(
                      found -> {
                        if (found == null) {
                          return create(tenant, data, null, username, telegramId);
                        }
                        if (telegramId != null && found.getTelegramId() == null) {
                          // Known by username until now: remember the id too, so the contact is
                          // still found if the user drops or changes the username.
                          return rememberTelegramId(tenant, found, telegramId);
                        }
                        return Uni.createFrom().voidItem();
                      });
            });
  }

  /**
   * The contact messaging linked the message to learns the sender's Telegram user id, unless it
   * already has one (never overwritten: the user id of a Telegram account does not change), it was
   * deleted meanwhile, or another contact of the company already holds that id (one contact per
   * Telegram user; the operator merges them).
   */
  private Uni<Void> backfillTelegramId(Tenant tenant, long contactId, long telegramId) {
    return contacts
        .findByIdForUpdate(tenant, contactId)
        .chain(
            contact -> {
              if (contact == null || contact.getTelegramId() != null) {
                return Uni.createFrom().voidItem();
              }
              return contacts
                  .findByTelegramIdForUpdate(tenant, telegramId)
                  .chain(
                      holder -> {
                        if (holder != null) {
                          LOG.infof(
                              "Telegram user %d is already contact %d; not adding it to %d",
                              telegramId, holder.getId(), contactId);
                          return Uni.createFrom().voidItem();
                        }
                        return rememberTelegramId(tenant, contact, telegramId);
                      });
            });
  }

  private Uni<Void> rememberTelegramId(Tenant tenant, Contact contact, long telegramId) {
    contact.setTelegramId(telegramId);
    contact.setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MICROS));
    return contacts
        .flush()
        .chain(() -> events.updated(tenant, ContactResponse.from(contact), contact.getTags()));
  }

  /** The Telegram sender's contact: by user id first, else by username; null when none. */
  private Uni<Contact> telegramContact(Tenant tenant, Long telegramId, String username) {
    Uni<Contact> byId =
        telegramId == null
            ? Uni.createFrom().nullItem()
            : contacts.findByTelegramIdForUpdate(tenant, telegramId);
    return byId.chain(
        found ->
            found != null || username == null
                ? Uni.createFrom().item(found)
                : contacts.findByUsernameForUpdate(tenant, username));
  }

  private Uni<Void> create(
      Tenant tenant, JsonNode data, String phone, String username, Long telegramId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Contact contact = new Contact();
    String first = text(data, "first_name");
    String last = text(data, "last_name");
    contact.setFirstName(first);
    contact.setLastName(last);
    String full = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
    contact.setName(full.isEmpty() ? null : full);
    contact.setPhone(phone);
    contact.setUsername(username);
    contact.setTelegramId(telegramId);
    contact.setCreatedAt(now);
    contact.setUpdatedAt(now);
    return contacts
        .persist(tenant, contact)
        .map(ContactResponse::from)
        .chain(created -> events.created(tenant, created));
  }

  private static String text(JsonNode data, String field) {
    JsonNode v = data.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
