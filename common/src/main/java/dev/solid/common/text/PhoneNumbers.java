package dev.solid.common.text;

import java.util.regex.Pattern;

/**
 * Phone numbers as the platform stores and sends them: E.164 ({@code +} and up to 15 digits, no
 * leading zero), as Twilio requires. Spaces, dashes, dots and parentheses a person types are
 * dropped first, so {@code +1 (801) 555-1234} is {@code +18015551234}.
 */
public final class PhoneNumbers {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()]");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");

  private PhoneNumbers() {}

  /** The E.164 form of {@code value}, or null when it is not a phone number. */
  public static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String normalized = SEPARATORS.matcher(value).replaceAll("");
    return E164.matcher(normalized).matches() ? normalized : null;
  }

  /** True when {@code value} is a phone number (separators allowed). */
  public static boolean isValid(String value) {
    return normalize(value) != null;
  }
}
