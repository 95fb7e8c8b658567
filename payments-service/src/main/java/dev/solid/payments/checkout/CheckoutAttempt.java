package dev.solid.payments.checkout;

import java.time.Instant;

/**
 * A live payment made on Stripe's Checkout page ({@code payments.checkout_sessions}): the form it
 * was made for, and its session once Stripe answered.
 *
 * @param formNonce the nonce of the hosted page's form that started it (one attempt per form)
 * @param sessionId Stripe's {@code cs_…}, or null while its create has not answered
 * @param expiresAt when the session stops being payable (sent as {@code expires_at})
 */
public record CheckoutAttempt(
    long paymentId,
    long companyId,
    boolean livemode,
    String formNonce,
    String productName,
    String sessionId,
    Instant expiresAt) {}
