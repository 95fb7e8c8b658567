package dev.solid.crm.contact;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.events.EventConsumption;
import dev.solid.kit.events.ProcessedEvents;
import dev.solid.kit.events.SessionEventConsumption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Creates the contact of someone who messaged a company's account and is not in its CRM yet, from
 * messaging's {@code message.received} events: by phone for sms, by Telegram user id then username
 * for telegram. The contact leaves as {@code contact.created} through the outbox as usual, which is
 * how the messaging service learns it and links the message. Applied once per event id through the
 * kit ({@link SessionEventConsumption}: the dedupe row commits with the contact); one company's
 * events arrive in order on one partition, so two messages from one new sender cannot race into two
 * contacts. A record that is not an event envelope arrives as null and is skipped.
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
  private final EventConsumption consumption;
  private final ProcessedEvents processed;
  private final ObjectMapper json;

  public InboundContacts(
      ContactRepository contacts,
      ContactEvents events,
      EventConsumption consumption,
      ProcessedEvents processed,
      ObjectMapper json) {
    this.contacts = contacts;
    this.events = events;
    this.consumption = consumption;
    this.processed = processed;
    this.json = json;
  }

  @Incoming("messaging-events")
  public Uni<Void> onEvent(EventEnvelope event) {
    Received received = received(event);
    if (received == null || !received.concernsCrm()) {
      return Uni.createFrom().voidItem();
    }
    Tenant tenant = new Tenant(event.companyId(), event.livemode());
    return SessionEventConsumption.once(
        consumption, processed, CONSUMER, event, () -> apply(tenant, received));
  }

  /** The part of a {@code message.received} crm reads; null for any other event. */
  private Received received(EventEnvelope event) {
    if (event == null
        || !EventTypes.MESSAGE_RECEIVED.equals(event.event())
        || event.data() == null) {
      return null;
    }
    try {
      return json.convertValue(event.data(), Received.class);
    } catch (IllegalArgumentException e) {
      // Not what messaging publishes; it would fail the same way on every attempt.
      LOG.warnf("Skipping %s: its data is not a message.received: %s", event.id(), e.getMessage());
      return null;
    }
  }

  private Uni<Void> apply(Tenant tenant, Received message) {
    if (message.contactId() != null) {
      return backfillTelegramId(tenant, message.contactId(), message.senderTelegramId());
    }
    if (message.isSms()) {
      return contacts
          .findByPhoneForUpdate(tenant, message.senderPhone())
          .chain(found -> found != null ? Uni.createFrom().voidItem() : create(tenant, message));
    }
    Long telegramId = message.senderTelegramId();
    return telegramContact(tenant, telegramId, message.senderUsername())
        .chain(
            found -> {
              if (found == null) {
                return create(tenant, message);
              }
              if (telegramId != null && found.getTelegramId() == null) {
                // Known by username until now: remember the id too, so the contact is still found
                // if the user drops or changes the username.
                return rememberTelegramId(tenant, found, telegramId);
              }
              return Uni.createFrom().voidItem();
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

  private Uni<Void> create(Tenant tenant, Received message) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Contact contact = new Contact();
    String first = ContactRules.strip(message.firstName());
    String last = ContactRules.strip(message.lastName());
    contact.setFirstName(first);
    contact.setLastName(last);
    contact.setName(ContactRules.joinName(first, last));
    contact.setPhone(message.senderPhone());
    contact.setUsername(message.senderUsername());
    contact.setTelegramId(message.senderTelegramId());
    contact.setCreatedAt(now);
    contact.setUpdatedAt(now);
    return contacts
        .persist(tenant, contact)
        .map(ContactResponse::from)
        .chain(created -> events.created(tenant, created));
  }

  /**
   * The {@code data} of messaging's {@code message.received} as crm reads it (snake_case on the
   * wire, like every event). {@code from} is the sender's address: a phone for sms.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Received(
      String channel,
      String from,
      Long contactId,
      String username,
      String firstName,
      String lastName,
      Long telegramId) {

    boolean isSms() {
      return "sms".equals(channel);
    }

    /** The sms sender's phone; null for other channels. */
    String senderPhone() {
      return isSms() ? ContactRules.strip(from) : null;
    }

    /** The Telegram sender's username; null for sms. */
    String senderUsername() {
      return isSms() ? null : ContactRules.strip(username);
    }

    /** The Telegram sender's user id; null for sms. */
    Long senderTelegramId() {
      return isSms() ? null : telegramId;
    }

    /**
     * A message from an unknown sender crm can key a contact on, or a Telegram message from a known
     * contact that carries the sender's user id.
     */
    boolean concernsCrm() {
      if (contactId != null) {
        return "telegram".equals(channel) && telegramId != null;
      }
      return senderPhone() != null || senderUsername() != null || senderTelegramId() != null;
    }
  }
}
