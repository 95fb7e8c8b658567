package dev.solid.common.text;

import java.util.regex.Pattern;

/**
 * What the platform accepts as an email address, everywhere (signup, contacts, …): a practical
 * subset of RFC 5321: a local part of up to 64 of the characters RFC 5322 allows unquoted, and a
 * domain of at least two DNS labels; 254 characters at most (RFC 5321's path limit). Quoted local
 * parts and IP literals are refused: no mail provider hands them out, and they break integrations.
 */
public final class EmailAddresses {
  /** Longest address accepted. */
  public static final int MAX_LENGTH = 254;

  private static final Pattern EMAIL =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
              + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  private EmailAddresses() {}

  /** True when {@code value} is an address the platform accepts. */
  public static boolean isValid(String value) {
    return value != null && value.length() <= MAX_LENGTH && EMAIL.matcher(value).matches();
  }
}
