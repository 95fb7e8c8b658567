package dev.solid.messaging.message;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.account.AccountRules;
import dev.solid.messaging.contact.ContactRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Submitting outbound messages: the account, the recipient, the template and the daily cap are all
 * checked before anything is stored, and the message row and its delivery command commit together.
 */
@ApplicationScoped
public class MessageService {
  /** 429 code for a send beyond the account's daily cap. Published; never changes. */
  public static final String ACCOUNT_DAILY_LIMIT_REACHED = "account_daily_limit_reached";

  private final Pool pool;
  private final AccountRepository accounts;
  private final ContactRepository contacts;
  private final MessageRepository messages;
  private final MessageEvents events;

  public MessageService(
      Pool pool,
      AccountRepository accounts,
      ContactRepository contacts,
      MessageRepository messages,
      MessageEvents events) {
    this.pool = pool;
    this.accounts = accounts;
    this.contacts = contacts;
    this.messages = messages;
    this.events = events;
  }

  /** {@code POST /api/v1/messages/send}. */
  public Uni<SendResponse> send(Tenant tenant, SendRequest body) {
    if (body.accountId() == null) {
      throw ApiException.validation(
          ProblemDetail.of("account_id", "required"), "Field 'account_id' is required");
    }
    String text = requireText("text", body.text());
    return pool.withTransaction(
            db ->
                accounts
                    .find(db, tenant, body.accountId())
                    .map(MessageService::accountFound)
                    .chain(account -> submit(db, account, "to", body.to(), text, null)))
        .map(MessageService::queued);
  }

  /** {@code POST /api/v1/sms/send}: from the company's default SMS account. */
  public Uni<SendResponse> sendSms(Tenant tenant, SmsSendRequest body) {
    String text = requireText("message", body.message());
    return pool.withTransaction(
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
                    .chain(account -> submit(db, account, "to_phone", body.toPhone(), text, null)))
        .map(MessageService::queued);
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
        .chain(
            contact -> {
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
            });
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
    Instant resetsAt = resetsAt();
    return new ApiException(
        429,
        ACCOUNT_DAILY_LIMIT_REACHED,
        "Account "
            + account.id()
            + " reached its daily cap of "
            + account.dailyCap()
            + " messages; it resets at "
            + resetsAt,
        List.of(new ProblemDetail("resets_at", "daily_limit_reached", resetsAt.toString())));
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

  public static String requireText(String field, String text) {
    if (text == null || text.isBlank()) {
      throw ApiException.validation(
          ProblemDetail.of(field, "required"), "Field '" + field + "' is required");
    }
    if (text.length() > 4096) {
      throw ApiException.validation(
          new ProblemDetail(field, "too_long", text.length()),
          "Field '" + field + "' must be at most 4096 characters");
    }
    return text;
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
