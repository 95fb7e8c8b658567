package dev.solid.messaging.message;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.account.AccountRules;
import dev.solid.messaging.contact.ContactLookup;
import dev.solid.messaging.contact.ContactRepository;
import dev.solid.messaging.contact.ProjectedContact;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * Submitting outbound messages: the account, the recipient, the template and the daily cap are all
 * checked before anything is stored, and the message row and its delivery command commit together.
 */
@ApplicationScoped
public class MessageService {
  private final Pool pool;
  private final AccountRepository accounts;
  private final ContactRepository contacts;
  private final MessageRepository messages;
  private final MessageEvents events;
  private final ContactLookup lookup;

  public MessageService(
      Pool pool,
      AccountRepository accounts,
      ContactRepository contacts,
      MessageRepository messages,
      MessageEvents events,
      ContactLookup lookup) {
    this.pool = pool;
    this.accounts = accounts;
    this.contacts = contacts;
    this.messages = messages;
    this.events = events;
    this.lookup = lookup;
  }

  /**
   * {@code POST /api/v1/messages/send}.
   *
   * @param bearer the caller's internal token, forwarded to crm when the text needs a contact the
   *     projection does not have yet; null to look only in the projection
   */
  public Uni<SendResponse> send(Tenant tenant, SendRequest body, String bearer) {
    String text = body.text();
    return prefetch(
            tenant,
            text,
            bearer,
            db -> accounts.find(db, tenant, body.accountId()),
            "to",
            body.to())
        .chain(
            () ->
                pool.withTransaction(
                    db ->
                        accounts
                            .find(db, tenant, body.accountId())
                            .map(MessageService::accountFound)
                            .invoke(
                                account -> TextLimits.requireFits(account.channel(), "text", text))
                            .chain(account -> submit(db, account, "to", body.to(), text, null))))
        .map(MessageService::queued);
  }

  /** {@code POST /api/v1/sms/send}: from the company's default SMS account. */
  public Uni<SendResponse> sendSms(Tenant tenant, SmsSendRequest body, String bearer) {
    String text = body.message();
    return prefetch(
            tenant,
            text,
            bearer,
            db -> accounts.findDefault(db, tenant, Account.SMS),
            "to_phone",
            body.toPhone())
        .chain(
            () ->
                pool.withTransaction(
                    db ->
                        accounts
                            .findDefault(db, tenant, Account.SMS)
                            .map(
                                account -> {
                                  if (account == null) {
                                    throw ApiException.validation(
                                        ProblemDetail.of("to_phone", "no_default_sms_account"),
                                        "The company has no default SMS account; create one under"
                                            + " /api/v1/messaging/accounts");
                                  }
                                  return account;
                                })
                            .chain(
                                account ->
                                    submit(db, account, "to_phone", body.toPhone(), text, null))))
        .map(MessageService::queued);
  }

  /**
   * Before the send's transaction: when the text uses template variables and the projection has no
   * contact for the recipient, asks crm (the contact may have been created a moment ago, its event
   * not yet consumed). Only then: a plain text needs no contact, so it costs no extra query.
   */
  private Uni<Void> prefetch(
      Tenant tenant,
      String text,
      String bearer,
      Function<SqlClient, Uni<Account>> account,
      String field,
      String to) {
    if (bearer == null || Templates.variables("text", text).isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.withConnection(db -> account.apply(db))
        .chain(
            found -> {
              if (found == null) {
                return Uni.createFrom().voidItem(); // the transaction reports it
              }
              String recipient = AccountRules.recipient(found.channel(), field, to);
              return lookup.byAddress(tenant, found.channel(), recipient, bearer).replaceWithVoid();
            });
  }

  /**
   * Validates and queues one message in the caller's transaction: recipient, template (from the
   * contact the recipient matches), one slot of the daily cap, the row, the delivery command.
   */
  public Uni<Message> submit(
      SqlClient db, Account account, String field, String to, String text, Long enrollmentId) {
    String recipient = AccountRules.recipient(account.channel(), field, to);
    return contacts
        .findByAddress(db, account.tenant(), account.channel(), recipient)
        .chain(contact -> submitRendered(db, account, contact, recipient, text, enrollmentId));
  }

  /**
   * Like {@link #submit} for a message to a known contact (a sequence step): the template is
   * rendered from that contact, whoever else shares its address.
   */
  public Uni<Message> submitTo(
      SqlClient db,
      Account account,
      ProjectedContact contact,
      String to,
      String text,
      Long enrollmentId) {
    String recipient = AccountRules.recipient(account.channel(), "to", to);
    return submitRendered(db, account, contact, recipient, text, enrollmentId);
  }

  private Uni<Message> submitRendered(
      SqlClient db,
      Account account,
      ProjectedContact contact,
      String recipient,
      String text,
      Long enrollmentId) {
    String rendered = Templates.render("text", text, contact);
    return requireCap(db, account, 1)
        .chain(
            () ->
                enqueue(
                    db,
                    account,
                    recipient,
                    contact == null ? null : contact.id(),
                    rendered,
                    null,
                    enrollmentId));
  }

  /** Stores a queued message and its delivery command; every check has been done. */
  public Uni<Message> enqueue(
      SqlClient db,
      Account account,
      String recipient,
      Long contactId,
      String text,
      String jobId,
      Long enrollmentId) {
    return messages
        .insertOutbound(
            db,
            account.tenant(),
            account.id(),
            account.channel(),
            recipient,
            contactId,
            text,
            jobId,
            enrollmentId)
        .call(message -> events.deliver(db, message));
  }

  /** Takes {@code n} slots of today's cap or fails with 429 {@code account_daily_limit_reached}. */
  public Uni<Void> requireCap(SqlClient db, Account account, int n) {
    return accounts
        .consumeDailyCap(db, account, n)
        .invoke(
            fits -> {
              if (!fits) {
                throw dailyLimitReached(account);
              }
            })
        .replaceWithVoid();
  }

  public static ApiException dailyLimitReached(Account account) {
    return new DailyLimitReachedException(account.id(), account.dailyCap(), resetsAt());
  }

  /** Caps count per UTC day: they reset at the next UTC midnight. */
  public static Instant resetsAt() {
    return AccountRepository.today().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  public Uni<MessageResponse> get(Tenant tenant, String id) {
    return pool.withConnection(db -> messages.find(db, tenant, id))
        .map(
            message -> {
              if (message == null) {
                throw ApiException.notFound("Message");
              }
              return MessageResponse.from(message);
            });
  }

  public Uni<Page<MessageResponse>> list(Tenant tenant, MessageFilter filter, PageRequest page) {
    return pool.withConnection(
        db ->
            messages
                .count(db, tenant, filter)
                .chain(
                    total ->
                        messages
                            .list(db, tenant, filter, page)
                            .map(
                                items ->
                                    Page.of(
                                        items.stream().map(MessageResponse::from).toList(),
                                        total,
                                        page))));
  }

  public static Account accountFound(Account account) {
    if (account == null) {
      throw ApiException.notFound("Account");
    }
    return account;
  }

  private static SendResponse queued(Message message) {
    // The worker picks the command up as soon as the relay publishes it: within seconds.
    return new SendResponse(message.id(), message.status(), message.createdAt());
  }
}
