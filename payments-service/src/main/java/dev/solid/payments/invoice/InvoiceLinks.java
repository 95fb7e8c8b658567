package dev.solid.payments.invoice;

import dev.solid.payments.config.PaymentsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The hosted invoice page's address: {@code <public-base-url>/pay/invoices/<token>}. The token is
 * the page's only credential (a customer has no API key), so it is 256 bits from {@link
 * SecureRandom}, base64url without padding, given once at finalize and stored on the invoice.
 */
@ApplicationScoped
public class InvoiceLinks {
  private static final int TOKEN_BYTES = 32;

  private final SecureRandom random = new SecureRandom();
  private final String base;

  public InvoiceLinks(PaymentsConfig config) {
    String url = config.publicBaseUrl().strip();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hosted page of an invoice, or null for a draft (which has no token yet). */
  public String hostedUrl(Invoice invoice) {
    return invoice.hostedToken() == null ? null : base + "/pay/invoices/" + invoice.hostedToken();
  }
}
