package dev.solid.payments.checkout;

import io.smallrye.mutiny.Uni;

/**
 * One kind of hosted page (a payment link's checkout, a hosted invoice), served under {@code
 * /pay/<kind>/<token>} by {@link HostedPageResource}: the page of a token, and its form's payment.
 */
public interface HostedCheckout {
  /** The path segment after {@code /pay/}: {@code links}, {@code invoices}. */
  String kind();

  /** The page of the token; {@code sessionId} when Stripe's Checkout sends the customer back. */
  Uni<HostedPage> page(String token, String sessionId);

  /** The payment of the form posted to the page of the token. */
  Uni<HostedPage> pay(String token, CardSubmission submission);
}
