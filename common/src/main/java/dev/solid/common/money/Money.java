package dev.solid.common.money;

import java.util.Currency;
import java.util.Objects;

/** An amount of money: an integer number of minor units (cents) and an ISO-4217 currency. */
public record Money(long amount, String currency) {
  public Money {
    Objects.requireNonNull(currency, "currency");
    currency = currency.toUpperCase();
    Currency.getInstance(currency); // throws IllegalArgumentException for a code ISO-4217 lacks
  }

  public static boolean isCurrency(String code) {
    if (code == null || code.length() != 3) {
      return false;
    }
    try {
      Currency.getInstance(code.toUpperCase());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
