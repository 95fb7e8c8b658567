package dev.solid.messaging.message;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.messaging.account.Account;

/**
 * The longest text a provider delivers as one message: Telegram's Bot API takes 4096 characters,
 * Twilio 1600 for an SMS. Request records carry the larger limit as {@code @Size}; the channel's
 * own limit is checked once the account, and so the channel, is known.
 */
public final class TextLimits {
  /** Telegram's {@code sendMessage} limit. */
  public static final int TELEGRAM = 4096;

  /** Twilio's limit for one SMS body (it splits it into segments itself). */
  public static final int SMS = 1600;

  private TextLimits() {}

  public static int of(String channel) {
    return Account.SMS.equals(channel) ? SMS : TELEGRAM;
  }

  /**
   * 422 {@code too_long} on {@code field} (echoing the length) when the text is too long for the
   * channel.
   */
  public static String requireFits(String channel, String field, String text) {
    int max = of(channel);
    if (text != null && text.length() > max) {
      throw ApiException.validation(
          new ProblemDetail(field, "too_long", text.length()),
          "Field '" + field + "' must be at most " + max + " characters on " + channel);
    }
    return text;
  }
}
