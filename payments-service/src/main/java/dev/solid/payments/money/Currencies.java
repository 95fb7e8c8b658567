package dev.solid.payments.money;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.money.Money;
import java.util.Locale;

/** Currencies as the API writes them: lower-case ISO-4217 codes, as Stripe does. */
public final class Currencies {
  private Currencies() {}

  /**
   * {@code requested} normalised to lower case, or {@code fallback} when none was given.
   *
   * @throws ApiException 422 naming {@code field} for a code ISO-4217 does not know
   */
  public static String resolve(String field, String requested, String fallback) {
    if (requested == null) {
      return fallback;
    }
    if (!Money.isCurrency(requested.strip())) {
      throw ApiException.validation(
          new ProblemDetail(field, "invalid_currency", requested),
          "Field '" + field + "' must be a three-letter ISO-4217 currency code such as \"usd\"");
    }
    return requested.strip().toLowerCase(Locale.ROOT);
  }
}
