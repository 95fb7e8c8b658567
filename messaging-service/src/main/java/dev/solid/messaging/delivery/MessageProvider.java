package dev.solid.messaging.delivery;

import dev.solid.messaging.account.Account;
import io.smallrye.mutiny.Uni;

/**
 * The port to a real messaging provider (Twilio for sms, the Telegram Bot API for telegram).
 *
 * <p>Outcomes: an item that is {@link ProviderResult#accepted()} or a rejection with the provider's
 * reason (final); a {@link TransientProviderException} when the provider certainly did not take the
 * message (connect error, 429, 503), which is safe to retry; any other failure ({@link
 * OutcomeUnknownException} for other 5xx, a timeout, a reset) means the outcome is unknown (the
 * request may have been taken), which is never retried.
 */
public interface MessageProvider {

  /** The account channel this provider serves. */
  String channel();

  Uni<ProviderResult> send(Account account, String to, String text);
}
