package dev.solid.payments.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stripe's documented test cards (https://docs.stripe.com/testing), by card number and by the
 * payment method id Stripe gives each ({@code pm_card_visa}…). Test mode accepts exactly these, and
 * charges behave as Stripe's test mode documents them.
 */
public final class TestCards {
  /** How a charge on the card ends. */
  public enum Behaviour {
    SUCCEEDS,
    DECLINES,
    /** Attaches (a subscription can be created with it) but every charge fails. */
    ATTACHES_THEN_FAILS
  }

  /**
   * One test card. {@code code}/{@code declineCode}/{@code message} are Stripe's for a failing
   * charge.
   */
  public record TestCard(
      String number,
      String paymentMethod,
      String brand,
      Behaviour behaviour,
      String code,
      String declineCode,
      String message,
      boolean retryable) {
    public String last4() {
      return number.substring(number.length() - 4);
    }
  }

  private static final String DECLINED = "Your card was declined.";

  public static final List<TestCard> ALL =
      List.of(
          new TestCard(
              "4242424242424242",
              "pm_card_visa",
              "visa",
              Behaviour.SUCCEEDS,
              null,
              null,
              null,
              false),
          new TestCard(
              "5555555555554444",
              "pm_card_mastercard",
              "mastercard",
              Behaviour.SUCCEEDS,
              null,
              null,
              null,
              false),
          new TestCard(
              "4000000000000002",
              "pm_card_chargeDeclined",
              "visa",
              Behaviour.DECLINES,
              "card_declined",
              "generic_decline",
              DECLINED,
              false),
          new TestCard(
              "4000000000009995",
              "pm_card_chargeDeclinedInsufficientFunds",
              "visa",
              Behaviour.DECLINES,
              "card_declined",
              "insufficient_funds",
              "Your card has insufficient funds.",
              false),
          new TestCard(
              "4000000000000069",
              "pm_card_chargeDeclinedExpiredCard",
              "visa",
              Behaviour.DECLINES,
              "expired_card",
              "expired_card",
              "Your card has expired.",
              false),
          new TestCard(
              "4000000000000127",
              "pm_card_chargeDeclinedIncorrectCvc",
              "visa",
              Behaviour.DECLINES,
              "incorrect_cvc",
              "incorrect_cvc",
              "Your card's security code is incorrect.",
              false),
          new TestCard(
              "4000000000000119",
              "pm_card_chargeDeclinedProcessingError",
              "visa",
              Behaviour.DECLINES,
              "processing_error",
              "processing_error",
              "An error occurred while processing your card. Try again in a little bit.",
              true),
          new TestCard(
              "4000000000000341",
              "pm_card_chargeCustomerFail",
              "visa",
              Behaviour.ATTACHES_THEN_FAILS,
              "card_declined",
              "generic_decline",
              DECLINED,
              false));

  private static final Map<String, TestCard> BY_NUMBER =
      ALL.stream().collect(Collectors.toMap(TestCard::number, Function.identity()));
  private static final Map<String, TestCard> BY_PAYMENT_METHOD =
      ALL.stream().collect(Collectors.toMap(TestCard::paymentMethod, Function.identity()));

  private TestCards() {}

  public static Optional<TestCard> byNumber(String digits) {
    return Optional.ofNullable(BY_NUMBER.get(digits));
  }

  public static Optional<TestCard> byPaymentMethod(String id) {
    return Optional.ofNullable(BY_PAYMENT_METHOD.get(id));
  }
}
