package dev.solid.payments.money;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;

/**
 * The bounds of an amount of money on the API. Amounts are integers of minor units (cents): at
 * least 1 and at most {@value #MAX} (Stripe's limit for an eight-digit amount, $999,999.99).
 * Request records carry the same bounds as Bean Validation constraints ({@code @Positive} and
 * {@code @Max}, with the messages below); this class checks sums computed from them.
 */
public final class Amounts {
  /** The largest amount of one object, in minor units. */
  public static final long MAX = 99_999_999L;

  /** The message of a non-positive amount, as seed 000 publishes it. */
  public static final String POSITIVE_MESSAGE = "must be a positive integer (cents)";

  /** The message of an amount over {@link #MAX}. */
  public static final String MAX_MESSAGE = "must be at most 99999999 (cents)";

  private Amounts() {}

  /** {@code amount}, or 422 {@code too_large} naming {@code field} when over {@link #MAX}. */
  public static long withinMax(String field, long amount) {
    if (amount > MAX) {
      throw ApiException.validation(
          new ProblemDetail(field, "too_large", amount), "Field '" + field + "' " + MAX_MESSAGE);
    }
    return amount;
  }
}
