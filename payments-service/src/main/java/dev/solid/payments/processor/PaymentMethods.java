package dev.solid.payments.processor;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.regex.Pattern;

/**
 * Reads the {@code payment_method} of a request. A processor payment method id ({@code pm_…}) is
 * used as given; a raw card number (13 to 19 digits, spaces allowed) is accepted in test mode only,
 * where it must be one of {@link TestCards} and is replaced at once by that card's {@code
 * pm_card_…} id: a card number is never stored, logged or passed on. Live mode refuses card
 * numbers: cards are collected by the processor (hosted checkout, Stripe Elements), never by the
 * API.
 */
public final class PaymentMethods {
  private static final Pattern CARD_NUMBER = Pattern.compile("[0-9][0-9 ]{11,22}[0-9]");
  private static final Pattern PAYMENT_METHOD_ID = Pattern.compile("pm_[A-Za-z0-9_]{1,250}");

  private PaymentMethods() {}

  /** The payment method id to charge, for a request in the given mode. */
  public static String resolve(String field, String given, boolean livemode) {
    if (given == null || given.isBlank()) {
      throw ApiException.validation(
          ProblemDetail.of(field, "required"), "Field '" + field + "' is required");
    }
    String value = given.strip();
    if (CARD_NUMBER.matcher(value).matches()) {
      String digits = value.replace(" ", "");
      if (livemode) {
        throw ApiException.validation(
            ProblemDetail.of(field, "raw_card_not_allowed"),
            "Live mode never accepts a raw card number in '"
                + field
                + "': pass a payment method id (pm_…) created with Stripe, or let the customer pay"
                + " on the hosted checkout page");
      }
      return TestCards.byNumber(digits)
          .map(TestCards.TestCard::paymentMethod)
          .orElseThrow(
              () ->
                  ApiException.validation(
                      new ProblemDetail(field, "unknown_test_card", masked(digits)),
                      "Field '"
                          + field
                          + "' is not one of the test cards (test mode never charges a real"
                          + " card): use 4242424242424242 to succeed or 4000000000000002 to be"
                          + " declined, or a pm_card_… id"));
    }
    if (!PAYMENT_METHOD_ID.matcher(value).matches()) {
      throw ApiException.validation(
          new ProblemDetail(field, "invalid_format", value),
          "Field '"
              + field
              + "' must be a payment method id (pm_…)"
              + (livemode ? "" : " or a test card number"));
    }
    if (!livemode && TestCards.byPaymentMethod(value).isEmpty()) {
      throw ApiException.validation(
          new ProblemDetail(field, "unknown_payment_method", value),
          "Field '"
              + field
              + "' names no test payment method: use pm_card_visa, pm_card_chargeDeclined or"
              + " another of Stripe's test cards");
    }
    return value;
  }

  /** A card number as it may be echoed: its last four digits only. */
  static String masked(String digits) {
    return "•••• " + digits.substring(digits.length() - 4);
  }
}
