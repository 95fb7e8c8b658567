package dev.solid.messaging.delivery;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.kit.events.EventConsumption;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.config.MessagingConfig;
import dev.solid.messaging.message.Message;
import dev.solid.messaging.message.MessageEvents;
import dev.solid.messaging.message.MessageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Delivers queued messages, one Kafka command ({@code solid.messaging.outbound.v1}) per message.
 *
 * <p>Never twice: the message is claimed queued → sending by a conditional update before any
 * provider call, so a redelivered command (or a second worker) finds it no longer queued and does
 * nothing. That claim is the command's dedupe, so commands need no dedupe row: they go through the
 * kit's {@link EventConsumption#withRetries} (a database blip is retried with backoff, a command
 * that keeps failing is logged and skipped) and a record that is not an envelope is skipped.
 * Provider calls are retried only inside the claim and only for failures where the provider
 * certainly did not take the message (connect error, 429, 503). When the outcome is unknown (the
 * request left and the answer does not say whether it was taken: another 5xx, timeout, reset) the
 * message becomes {@code failed} with reason {@code provider_outcome_unknown} and is not retried: a
 * possibly missing message is preferred to a possibly duplicated one. A worker that dies mid-call
 * leaves the message in {@code sending}; the {@link DeliverySweeper} fails it with the same reason
 * once its lease is over, never re-sends it.
 *
 * <p>A Telegram recipient given as a username is resolved to the chat id learnt from that user's
 * inbound updates ({@link TelegramChats}); a user who never wrote to the bot cannot be reached, and
 * the message fails as {@code telegram_chat_unknown} without a provider call.
 *
 * <p>Test mode ({@code livemode=false}) never calls a provider: the message is logged and marked
 * sent, and the events fire as in live mode.
 */
@ApplicationScoped
public class DeliveryWorker {
  private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
  private static final String CONSUMER = "delivery-worker";
  public static final String OUTCOME_UNKNOWN = "provider_outcome_unknown";
  public static final String TELEGRAM_CHAT_UNKNOWN = "telegram_chat_unknown";

  private final Pool pool;
  private final MessageRepository messages;
  private final AccountRepository accounts;
  private final DeliveryOutcomes outcomes;
  private final MessagingConfig config;
  private final EventConsumption consumption;
  private final TelegramChats chats;
  private final Map<String, MessageProvider> providers = new HashMap<>();

  public DeliveryWorker(
      Pool pool,
      MessageRepository messages,
      AccountRepository accounts,
      DeliveryOutcomes outcomes,
      MessagingConfig config,
      EventConsumption consumption,
      TelegramChats chats,
      Instance<MessageProvider> providers) {
    this.chats = chats;
    this.pool = pool;
    this.messages = messages;
    this.accounts = accounts;
    this.outcomes = outcomes;
    this.config = config;
    this.consumption = consumption;
    providers.forEach(p -> this.providers.put(p.channel(), p));
  }

  @Incoming("outbound")
  public Uni<Void> onCommand(EventEnvelope command) {
    if (command == null || !MessageEvents.DELIVER.equals(command.event())) {
      return Uni.createFrom().voidItem(); // not a record, or not a command, this worker applies
    }
    Object messageId = command.data() == null ? null : command.data().get("message_id");
    if (!(messageId instanceof String id)) {
      LOG.warnf("Skipping delivery command %s without a message_id", command.id());
      return Uni.createFrom().voidItem();
    }
    Tenant tenant = new Tenant(command.companyId(), command.livemode());
    return consumption.withRetries(CONSUMER, command, () -> deliver(tenant, id));
  }

  /** Claims and delivers one message; does nothing if it is not queued any more. */
  public Uni<Void> deliver(Tenant tenant, String messageId) {
    return pool.withTransaction(db -> messages.claim(db, tenant, messageId))
        .chain(
            claimed -> {
              if (claimed == null) {
                LOG.debugf("Message %s is not queued any more; command ignored", messageId);
                return Uni.createFrom().voidItem();
              }
              return pool.withConnection(db -> accounts.find(db, tenant, claimed.accountId()))
                  .chain(account -> dispatch(claimed, account))
                  .chain(outcome -> finish(claimed, outcome));
            });
  }

  private record Outcome(String status, String reason, String providerMessageId, int attempts) {}

  private Uni<Outcome> dispatch(Message message, Account account) {
    if (account == null) {
      return Uni.createFrom().item(new Outcome(Message.FAILED, "account_deleted", null, 0));
    }
    if (!message.tenant().livemode()) {
      LOG.infof(
          "Test mode: not dispatching %s (%s to %s): %s",
          message.id(), message.channel(), message.counterpart(), message.text());
      return Uni.createFrom().item(new Outcome(Message.SENT, null, "test_" + message.id(), 0));
    }
    return recipient(message, account)
        .chain(
            to ->
                to != null
                    ? send(message, account, to)
                    : Uni.createFrom()
                        .item(
                            new Outcome(
                                Message.FAILED,
                                TELEGRAM_CHAT_UNKNOWN
                                    + ": @"
                                    + message.counterpart()
                                    + " has not written to the bot, so Telegram does not let it"
                                    + " message them; send to their numeric user id, or ask them"
                                    + " to message the bot first",
                                null,
                                0)));
  }

  /** Where the provider sends: a Telegram username becomes its chat id (null when unknown). */
  private Uni<String> recipient(Message message, Account account) {
    String to = message.counterpart();
    if (!Account.TELEGRAM.equals(account.channel()) || to.matches("-?\\d+")) {
      return Uni.createFrom().item(to);
    }
    return pool.withConnection(db -> chats.chatId(db, message.tenant(), account.id(), to))
        .map(chat -> chat == null ? null : chat.toString());
  }

  private Uni<Outcome> send(Message message, Account account, String to) {
    MessageProvider provider = providers.get(account.channel());
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<String> lastError = new AtomicReference<>();
    MessagingConfig.Delivery retry = config.delivery();
    // Backoff doubles from initial-backoff with jitter, capped at max-backoff: a provider blip
    // (one 503) costs a fraction of a second; max-attempts bounds how long a partition waits.
    return Uni.createFrom()
        .deferred(
            () -> {
              attempts.incrementAndGet();
              return provider.send(account, to, message.text());
            })
        .onFailure(TransientProviderException.class)
        .invoke(e -> lastError.set(e.getMessage()))
        .onFailure(TransientProviderException.class)
        .retry()
        .withBackOff(retry.initialBackoff(), retry.maxBackoff())
        .withJitter(0.2)
        .atMost(Math.max(0, retry.maxAttempts() - 1))
        .map(
            result ->
                result.accepted()
                    ? new Outcome(Message.SENT, null, result.providerMessageId(), attempts.get())
                    : new Outcome(Message.FAILED, result.reason(), null, attempts.get()))
        .onFailure(TransientProviderException.class)
        .recoverWithItem(
            () ->
                new Outcome(
                    Message.FAILED,
                    "provider_unavailable: "
                        + lastError.get()
                        + " ("
                        + attempts.get()
                        + " attempts)",
                    null,
                    attempts.get()))
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("Outcome of %s unknown: %s", message.id(), e.toString());
              return new Outcome(Message.FAILED, OUTCOME_UNKNOWN, null, attempts.get());
            });
  }

  private Uni<Void> finish(Message claimed, Outcome outcome) {
    Tenant tenant = claimed.tenant();
    return pool.withTransaction(
        db ->
            messages
                .finish(
                    db,
                    tenant,
                    claimed.id(),
                    outcome.status(),
                    outcome.reason(),
                    outcome.providerMessageId(),
                    Math.max(claimed.attempts(), outcome.attempts()))
                .chain(
                    done ->
                        done == null ? Uni.createFrom().voidItem() : outcomes.recorded(db, done)));
  }
}
