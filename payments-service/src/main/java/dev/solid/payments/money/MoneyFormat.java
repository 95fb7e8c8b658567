package dev.solid.payments.money;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts for people to read (invoice PDFs), in US English: {@code 120000 usd} is {@code
 * $1,200.00}, {@code 1200 jpy} is {@code ¥1,200}. The minor units per major one are {@link
 * Currency}'s fraction digits, so a currency without cents shows none.
 */
public final class MoneyFormat {
  private MoneyFormat() {}

  /** The amount with its currency's symbol, e.g. {@code $1,200.00}. */
  public static String format(long minorUnits, String currency) {
    return symbol(currency) + number(minorUnits, currency);
  }

  /** The currency's symbol in US English ({@code $}, {@code €}, {@code CA$}). */
  public static String symbol(String currency) {
    return currencyOf(currency).getSymbol(Locale.US);
  }

  /**
   * The amount without a symbol, grouped, with the currency's fraction digits: {@code 1,200.00}.
   */
  public static String number(long minorUnits, String currency) {
    int digits = Math.max(currencyOf(currency).getDefaultFractionDigits(), 0);
    NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
    format.setGroupingUsed(true);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(BigDecimal.valueOf(minorUnits, digits));
  }

  private static Currency currencyOf(String code) {
    return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
  }
}
