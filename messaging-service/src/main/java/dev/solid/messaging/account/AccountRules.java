package dev.solid.messaging.account;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation of sender accounts and of recipients per channel. Pure; unit-tested. */
public final class AccountRules {
  public static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
  private static final Pattern TELEGRAM_USERNAME = Pattern.compile("@?[A-Za-z][A-Za-z0-9_]{3,31}");
  private static final Pattern TELEGRAM_ID = Pattern.compile("-?\\d{1,20}");
  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          Account.SMS, List.of("account_sid", "auth_token"),
          Account.TELEGRAM, List.of("bot_token", "webhook_secret"));

  private AccountRules() {}

  public static String channel(String channel) {
    if (channel == null || !REQUIRED.containsKey(channel)) {
      throw ApiException.validation(
          new ProblemDetail("channel", "invalid_value", channel),
          "Field 'channel' must be 'sms' or 'telegram'");
    }
    return channel;
  }

  public static String sender(String channel, String sender) {
    if (sender == null || sender.isBlank()) {
      throw ApiException.validation(
          ProblemDetail.of("sender", "required"), "Field 'sender' is required");
    }
    String s = sender.strip();
    boolean ok =
        Account.SMS.equals(channel)
            ? E164.matcher(s).matches()
            : TELEGRAM_USERNAME.matcher(s).matches();
    if (!ok) {
      throw ApiException.validation(
          new ProblemDetail("sender", "invalid_format", sender),
          Account.SMS.equals(channel)
              ? "Field 'sender' must be an E.164 phone number, e.g. +18015551234"
              : "Field 'sender' must be a Telegram bot or user name");
    }
    return s.startsWith("@") ? s.substring(1) : s;
  }

  /**
   * The channel's credentials: nothing unknown, and in live mode every required field present. A
   * test-mode account needs none (test mode never calls a provider), so a developer can send from
   * one without a Twilio account or a Telegram bot.
   */
  public static Map<String, String> credentials(
      String channel, Map<String, String> provider, boolean livemode) {
    List<ProblemDetail> problems = new ArrayList<>();
    Map<String, String> given = provider == null ? Map.of() : provider;
    List<String> required = REQUIRED.get(channel);
    for (String field : required) {
      String value = given.get(field);
      if (value == null ? livemode : value.isBlank()) {
        problems.add(ProblemDetail.of("provider." + field, "required"));
      }
    }
    for (String field : given.keySet()) {
      if (!required.contains(field)) {
        problems.add(ProblemDetail.of("provider." + field, "unknown_field"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.validation(
          "Field '" + problems.get(0).field() + "' is " + problems.get(0).error().replace('_', ' '),
          problems);
    }
    return new LinkedHashMap<>(given);
  }

  public static int dailyCap(Integer cap, int fallback) {
    if (cap == null) {
      return fallback;
    }
    if (cap < 1 || cap > 1_000_000) {
      throw ApiException.validation(
          new ProblemDetail("daily_cap", "out_of_range", cap),
          "Field 'daily_cap' must be between 1 and 1000000");
    }
    return cap;
  }

  /**
   * The recipient normalised for the channel: an E.164 phone for sms (separators dropped); a
   * username without '@' or a numeric user id for telegram. 422 otherwise.
   */
  public static String recipient(String channel, String field, String to) {
    if (to == null || to.isBlank()) {
      throw ApiException.validation(
          ProblemDetail.of(field, "required"), "Field '" + field + "' is required");
    }
    String v = to.strip();
    if (Account.SMS.equals(channel)) {
      String phone = v.replaceAll("[\\s().-]", "");
      if (!E164.matcher(phone).matches()) {
        throw ApiException.validation(
            new ProblemDetail(field, "invalid_phone", to),
            "Field '" + field + "' must be a phone number in E.164 format, e.g. +18015551234");
      }
      return phone;
    }
    if (TELEGRAM_ID.matcher(v).matches()) {
      return v;
    }
    if (TELEGRAM_USERNAME.matcher(v).matches()) {
      return v.startsWith("@") ? v.substring(1) : v;
    }
    throw ApiException.validation(
        new ProblemDetail(field, "invalid_recipient", to),
        "Field '"
            + field
            + "' must be a Telegram username (e.g. @sarah_miller) or numeric user id");
  }
}
