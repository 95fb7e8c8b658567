package dev.solid.messaging.inbound;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.event.EventTypes;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.contact.ContactRepository;
import dev.solid.messaging.contact.ProjectedContact;
import dev.solid.messaging.delivery.TelegramChats;
import dev.solid.messaging.message.MessageEvents;
import dev.solid.messaging.message.MessageRepository;
import dev.solid.messaging.message.MessageResponse;
import dev.solid.messaging.sequence.ReplyStopper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Stores a verified inbound message once (per provider message id), linked to the contact the
 * sender matches, and emits {@code message.received}. An unknown sender stays unlinked: crm creates
 * the contact from the event, and the contact projection links the message when crm's {@code
 * contact.created} arrives.
 *
 * <p>A Telegram sender is matched by user id first, then by username: the id never changes, while a
 * username can be set, changed or dropped later. The event always carries the user id, so crm adds
 * it to a contact that was known by username only (see crm's InboundContacts).
 */
@ApplicationScoped
public class InboundService {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Pool pool;
  private final ContactRepository contacts;
  private final MessageRepository messages;
  private final MessageEvents events;
  private final ReplyStopper replies;
  private final ObjectMapper json;
  private final TelegramChats chats;

  public InboundService(
      Pool pool,
      ContactRepository contacts,
      MessageRepository messages,
      MessageEvents events,
      ReplyStopper replies,
      ObjectMapper json,
      TelegramChats chats) {
    this.chats = chats;
    this.pool = pool;
    this.contacts = contacts;
    this.messages = messages;
    this.events = events;
    this.replies = replies;
    this.json = json;
  }

  /** The contact the sender matches: by Telegram user id, else by {@code from}; null if none. */
  private Uni<ProjectedContact> sender(SqlClient db, Account account, InboundMessage inbound) {
    if (inbound.telegramId() == null) {
      return contacts.findByAddress(db, account.tenant(), account.channel(), inbound.from());
    }
    return contacts
        .findByAddress(db, account.tenant(), account.channel(), inbound.telegramId().toString())
        .chain(
            byId ->
                byId != null || inbound.username() == null
                    ? Uni.createFrom().item(byId)
                    : contacts.findByAddress(
                        db, account.tenant(), account.channel(), inbound.username()));
  }

  public Uni<Void> receive(Account account, InboundMessage inbound) {
    return pool.withTransaction(
        db ->
            sender(db, account, inbound)
                .chain(
                    contact ->
                        messages.insertInbound(
                            db,
                            account.tenant(),
                            account.id(),
                            account.channel(),
                            inbound.from(),
                            contact == null ? null : contact.id(),
                            inbound.text(),
                            inbound.providerMessageId()))
                .call(
                    stored ->
                        inbound.username() != null && inbound.telegramId() != null
                            ? chats.remember(
                                db,
                                account.tenant(),
                                account.id(),
                                inbound.username(),
                                inbound.telegramId())
                            : Uni.createFrom().voidItem())
                .chain(
                    stored -> {
                      if (stored == null) {
                        return Uni.createFrom().voidItem(); // the provider retried its webhook
                      }
                      Map<String, Object> data =
                          json.convertValue(MessageResponse.from(stored), MAP);
                      // What crm needs to create the contact of an unknown sender.
                      data.put("username", inbound.username());
                      data.put("first_name", inbound.firstName());
                      data.put("last_name", inbound.lastName());
                      data.put("telegram_id", inbound.telegramId());
                      return events
                          .emit(db, account.tenant(), EventTypes.MESSAGE_RECEIVED, data)
                          .chain(
                              () ->
                                  stored.contactId() == null
                                      ? Uni.createFrom().voidItem()
                                      : replies.contactReplied(
                                          db, account.tenant(), stored.contactId()));
                    }));
  }
}
