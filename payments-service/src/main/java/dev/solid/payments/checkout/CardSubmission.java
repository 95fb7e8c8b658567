package dev.solid.payments.checkout;

/**
 * The fields a checkout form posts, as received. Holds a card number for one request: never logged
 * ({@link #toString} leaves the card out), never stored.
 */
public record CardSubmission(
    String csrfToken, String cardNumber, String expiry, String cvc, String name) {
  @Override
  public String toString() {
    return "CardSubmission[card fields withheld]";
  }
}
