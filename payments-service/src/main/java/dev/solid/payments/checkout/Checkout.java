package dev.solid.payments.checkout;

/**
 * What a checkout page sells, whatever it belongs to (a payment link, later a hosted invoice): who
 * is paid, how much, for what, in which mode, and where the form posts.
 *
 * @param companyName shown at the top of the page
 * @param amount minor units (cents)
 * @param currency lower-case ISO-4217
 * @param livemode false: the page shows the test-mode banner and takes test cards only
 * @param formAction the path the card form posts to (same origin: the CSP allows only 'self')
 * @param lines what the amount is made of, shown as a table (an invoice's lines), or empty
 */
public record Checkout(
    String companyName,
    long amount,
    String currency,
    String description,
    boolean livemode,
    String formAction,
    java.util.List<Line> lines) {

  public Checkout {
    lines = lines == null ? java.util.List.of() : java.util.List.copyOf(lines);
  }

  /** A checkout without lines (a payment link). */
  public Checkout(
      String companyName,
      long amount,
      String currency,
      String description,
      boolean livemode,
      String formAction) {
    this(companyName, amount, currency, description, livemode, formAction, java.util.List.of());
  }

  /** One line of what is paid: "2 × Seats", and its amount in minor units. */
  public record Line(String description, int quantity, long amount) {}

  /** The amount as the customer reads it ("$1,200.00"). */
  public String amountText() {
    return MoneyText.format(amount, currency);
  }
}
