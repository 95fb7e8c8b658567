package dev.solid.crm.scoring;

import java.util.Locale;
import java.util.Set;

/**
 * Domains of free consumer mailboxes: an address there says nothing about an employer, so {@code
 * business_email} does not hold for it. A short list of the big providers, not an exhaustive one.
 */
final class FreeMailDomains {
  private static final Set<String> DOMAINS =
      Set.of(
          "gmail.com",
          "googlemail.com",
          "yahoo.com",
          "ymail.com",
          "outlook.com",
          "hotmail.com",
          "live.com",
          "msn.com",
          "icloud.com",
          "me.com",
          "aol.com",
          "proton.me",
          "protonmail.com",
          "gmx.com",
          "gmx.de",
          "web.de",
          "mail.com",
          "yandex.com",
          "zoho.com");

  private FreeMailDomains() {}

  /** Whether the address is at a free-mail domain (case-insensitive). */
  static boolean isFree(String email) {
    int at = email.lastIndexOf('@');
    return at >= 0 && DOMAINS.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
  }
}
