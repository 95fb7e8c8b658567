package dev.solid.payments.checkout;

import dev.solid.payments.processor.TestCards;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The card fields of a checkout form, checked with messages a customer reads next to each field.
 * The card number lives only in this object for the length of one request: it is never rendered
 * back, logged ({@link #toString} masks it) or stored; the processor port turns a test card into
 * its {@code pm_card_…} id.
 */
public final class CardForm {
  public static final String NUMBER = "card_number";
  public static final String EXPIRY = "expiry";
  public static final String CVC = "cvc";
  public static final String NAME = "name";

  private static final Pattern EXPIRY_SHAPE = Pattern.compile("(\\d{1,2})\\s*/\\s*(\\d{2}|\\d{4})");
  private static final Pattern CVC_SHAPE = Pattern.compile("\\d{3,4}");
  private static final int MAX_NAME = 200;

  private final String digits;
  private final String expiry;
  private final String name;
  private final Map<String, String> errors;

  private CardForm(String digits, String expiry, String name, Map<String, String> errors) {
    this.digits = digits;
    this.expiry = expiry;
    this.name = name;
    this.errors = Collections.unmodifiableMap(errors);
  }

  /** An empty form, as first rendered. */
  public static CardForm empty() {
    return new CardForm(null, null, null, new LinkedHashMap<>());
  }

  /**
   * Reads and checks a submission's card fields (see {@link #read(String, String, String, String,
   * boolean, YearMonth)}).
   */
  public static CardForm read(CardSubmission submission, boolean livemode, YearMonth today) {
    return read(
        submission.cardNumber(),
        submission.expiry(),
        submission.cvc(),
        submission.name(),
        livemode,
        today);
  }

  /**
   * Reads and checks the submitted fields. {@code today} decides whether the expiry is past; in
   * test mode ({@code livemode} false) the number must be one of {@link TestCards}.
   */
  public static CardForm read(
      String number, String expiry, String cvc, String name, boolean livemode, YearMonth today) {
    Map<String, String> errors = new LinkedHashMap<>();
    String digits = number == null ? "" : number.replaceAll("[\\s-]", "");
    if (digits.isEmpty()) {
      errors.put(NUMBER, "Enter your card number.");
    } else if (!digits.matches("\\d{12,19}") || !luhn(digits)) {
      errors.put(NUMBER, "Your card number is invalid.");
    } else if (!livemode && TestCards.byNumber(digits).isEmpty()) {
      errors.put(NUMBER, "This is test mode: use one of the test cards listed above.");
    }
    String expiryText = expiry == null ? "" : expiry.strip();
    Matcher shape = EXPIRY_SHAPE.matcher(expiryText);
    if (expiryText.isEmpty()) {
      errors.put(EXPIRY, "Enter your card's expiration date (MM/YY).");
    } else if (!shape.matches() || !validMonth(shape.group(1))) {
      errors.put(EXPIRY, "Your card's expiration date is incomplete or invalid (MM/YY).");
    } else {
      int month = Integer.parseInt(shape.group(1));
      int year = Integer.parseInt(shape.group(2));
      YearMonth expires = YearMonth.of(year < 100 ? 2000 + year : year, month);
      if (expires.isBefore(today)) {
        errors.put(EXPIRY, "Your card's expiration date is in the past.");
      }
    }
    String cvcText = cvc == null ? "" : cvc.strip();
    if (cvcText.isEmpty()) {
      errors.put(CVC, "Enter your card's security code (CVC).");
    } else if (!CVC_SHAPE.matcher(cvcText).matches()) {
      errors.put(CVC, "Your card's security code (CVC) must be 3 or 4 digits.");
    }
    String nameText = name == null ? "" : name.strip();
    if (nameText.isEmpty()) {
      errors.put(NAME, "Enter the name on your card.");
    } else if (nameText.length() > MAX_NAME) {
      errors.put(NAME, "The name on the card is too long.");
    }
    return new CardForm(digits, expiryText, nameText, errors);
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  /** Field name to message, in the order of the form. */
  public Map<String, String> errors() {
    return errors;
  }

  /** The card number's digits, for the processor only. */
  public String cardNumber() {
    return digits;
  }

  /** The expiry as typed, rendered back after an error (never the number or the CVC). */
  public String expiry() {
    return expiry;
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    String last4 =
        digits == null || digits.length() < 4 ? "" : digits.substring(digits.length() - 4);
    return "CardForm[number=••••" + last4 + ", errors=" + errors.keySet() + "]";
  }

  private static boolean validMonth(String month) {
    int value = Integer.parseInt(month);
    return value >= 1 && value <= 12;
  }

  /** The Luhn checksum every card number carries. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
