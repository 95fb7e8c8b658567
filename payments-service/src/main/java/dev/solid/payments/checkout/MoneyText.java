package dev.solid.payments.checkout;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** An amount of minor units as a customer reads it: {@code 120000 usd} is "$1,200.00". */
public final class MoneyText {
  private MoneyText() {}

  public static String format(long minorUnits, String currency) {
    Currency unit = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
    int digits = Math.max(unit.getDefaultFractionDigits(), 0);
    // The pages are in English, so amounts are too (a locale per customer is left for later).
    NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
    format.setCurrency(unit);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(BigDecimal.valueOf(minorUnits, digits));
  }
}
