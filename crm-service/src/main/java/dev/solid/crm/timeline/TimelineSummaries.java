package dev.solid.crm.timeline;

import dev.solid.crm.activity.Activity;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * The one line a person reads for each timeline item: "Outbound call: Discovery call (15 min)",
 * "SMS received from +18015551234: “Hi”", "Order 1001 paid: $1,200.00". English, amounts in the
 * currency's own symbol and minor units.
 */
final class TimelineSummaries {
  /** Enough of a body or message text to recognise it; the item's ref leads to the rest. */
  static final int SNIPPET = 140;

  /** The column's bound (timeline_entries.summary). */
  static final int MAX_SUMMARY = 1000;

  private TimelineSummaries() {}

  static String activity(Activity activity) {
    String label = capitalize(activity.getType());
    if (activity.getDirection() != null
        && ("call".equals(activity.getType()) || "email".equals(activity.getType()))) {
      label = capitalize(activity.getDirection()) + " " + activity.getType();
    }
    String text =
        activity.getSubject() != null ? activity.getSubject() : snippet(activity.getBody());
    StringBuilder line = new StringBuilder(label).append(": ").append(text);
    Integer seconds = activity.getDurationSeconds();
    if (seconds != null && seconds > 0) {
      line.append(" (").append(duration(seconds)).append(')');
    }
    return bounded(line.toString());
  }

  static String messageSent(String channel, String to, String text) {
    return bounded(channel(channel) + " sent" + party(" to ", to) + quoted(text));
  }

  static String messageReceived(String channel, String from, String text) {
    return bounded(channel(channel) + " received" + party(" from ", from) + quoted(text));
  }

  static String messageFailed(String channel, String to, String reason) {
    return bounded(
        channel(channel)
            + party(" to ", to)
            + " failed"
            + (reason == null || reason.isBlank() ? "" : ": " + snippet(reason)));
  }

  static String order(long orderId, String what, long amount, String currency) {
    return bounded("Order " + orderId + " " + what + ": " + money(amount, currency));
  }

  static String orderCanceled(long orderId) {
    return "Order " + orderId + " canceled";
  }

  static String paymentFailed(long orderId, long amount, String currency, String reason) {
    return bounded(
        "Payment of "
            + money(amount, currency)
            + " for order "
            + orderId
            + " failed"
            + (reason == null || reason.isBlank() ? "" : ": " + snippet(reason)));
  }

  /** {@code 120000, "usd"} → {@code $1,200.00}; an unknown currency as {@code 1,200.00 XYZ}. */
  static String money(long amount, String currency) {
    if (currency == null) {
      return BigDecimal.valueOf(amount, 2).toPlainString();
    }
    Currency unit;
    try {
      unit = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      return BigDecimal.valueOf(amount, 2).toPlainString() + " " + currency;
    }
    NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
    format.setCurrency(unit);
    int digits = Math.max(0, unit.getDefaultFractionDigits());
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(BigDecimal.valueOf(amount, digits));
  }

  static String snippet(String text) {
    if (text == null) {
      return "";
    }
    return cut(text.strip().replaceAll("\\s+", " "), SNIPPET);
  }

  private static String channel(String channel) {
    if (channel == null) {
      return "Message";
    }
    return switch (channel) {
      case "sms" -> "SMS";
      case "telegram" -> "Telegram message";
      case "email" -> "Email";
      case "whatsapp" -> "WhatsApp message";
      default -> capitalize(channel) + " message";
    };
  }

  private static String party(String preposition, String who) {
    return who == null || who.isBlank() ? "" : preposition + who;
  }

  private static String quoted(String text) {
    return text == null || text.isBlank() ? "" : ": “" + snippet(text) + "”";
  }

  private static String duration(int seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    int minutes = (seconds + 30) / 60;
    return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
  }

  private static String capitalize(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static String bounded(String line) {
    return cut(line, MAX_SUMMARY);
  }

  /** At most {@code max} characters, ending in … when cut, never inside a surrogate pair. */
  private static String cut(String line, int max) {
    if (line.length() <= max) {
      return line;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "…";
  }
}
