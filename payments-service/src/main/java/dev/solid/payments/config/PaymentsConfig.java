package dev.solid.payments.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** payments-service's own settings ({@code solid.payments.*}, env {@code SOLID_PAYMENTS_…}). */
@ConfigMapping(prefix = "solid.payments")
public interface PaymentsConfig {

  /** The currency of an object created without one (lower-case ISO-4217). */
  @WithDefault("usd")
  String defaultCurrency();

  /**
   * The gateway's public URL (env SOLID_PAYMENTS_PUBLIC_BASE_URL), without a trailing slash: hosted
   * pages are addressed under it (an invoice's {@code hosted_invoice_url} is {@code
   * <public-base-url>/pay/invoices/<token>}, a payment link's {@code url} {@code
   * <public-base-url>/pay/links/<token>}).
   */
  @WithDefault("http://localhost:8080")
  String publicBaseUrl();

  /** crm-service, asked whether a contact exists. */
  Crm crm();

  /** The hosted checkout pages (payment links; the hosted invoice page reuses them). */
  Checkout checkout();

  /** Stripe, the processor of live mode. */
  Stripe stripe();

  /** The job that finishes charges and refunds a crash or a processor outage interrupted. */
  Recovery recovery();

  /** The scheduler of real-time subscriptions (test clocks advance on their own). */
  Subscriptions subscriptions();

  interface Subscriptions {
    /** How often due renewals, trial ends and dunning retries are looked for. */
    @WithDefault("10s")
    String interval();
  }

  interface Crm {
    /** Base URL of crm-service's API (env SOLID_PAYMENTS_CRM_BASE_URL). */
    @WithDefault("http://127.0.0.1:8081")
    String baseUrl();

    /** Milliseconds crm has to answer one lookup, connection included; then 503. */
    @WithDefault("3000")
    long timeoutMillis();
  }

  interface Checkout {
    /**
     * Base64 key (at least 32 bytes) that signs the anti-forgery token of every checkout form (env
     * SOLID_PAYMENTS_CHECKOUT_SECRET). The published development key is a {@code %dev,test} default
     * in application.properties only, so a production start without a real key fails; the local
     * launcher generates one per installation.
     */
    String secret();

    /** How long a rendered checkout form may be submitted (its anti-forgery token's lifetime). */
    @WithDefault("1h")
    Duration formLifetime();
  }

  interface Stripe {
    /** Stripe's REST API (env SOLID_PAYMENTS_STRIPE_BASE_URL); tests point it at a stand-in. */
    @WithDefault("https://api.stripe.com")
    String baseUrl();

    /**
     * The platform's Stripe secret key for live charges (env SOLID_PAYMENTS_STRIPE_SECRET_KEY).
     * Unset: live-mode charges and refunds answer 503 {@code service_unavailable} before anything
     * is recorded or sent; test mode never needs it.
     */
    Optional<String> secretKey();

    /**
     * The signing secret of the Stripe webhook endpoint ({@code whsec_…}, env
     * SOLID_PAYMENTS_STRIPE_WEBHOOK_SECRET). Unset: every callback is refused.
     */
    Optional<String> webhookSecret();

    /**
     * How far a signed callback's timestamp may be from now, either way (Stripe's default
     * tolerance); an older one is refused as a replay.
     */
    @WithDefault("5m")
    Duration webhookTolerance();

    /**
     * Milliseconds Stripe has to answer one call, connection included; then the outcome is unknown,
     * the client gets 503 and the recovery job asks again with the same idempotency key.
     */
    @WithDefault("10000")
    long timeoutMillis();

    /**
     * The Stripe API version every call is pinned to ({@code Stripe-Version}), so the answers keep
     * the shape {@code processor.StripeProcessor} reads whatever the account's default version is.
     */
    @WithDefault("2024-06-20")
    String apiVersion();

    /**
     * The origin of Stripe's hosted Checkout pages (env SOLID_PAYMENTS_STRIPE_CHECKOUT_ORIGIN),
     * without a trailing slash: a live hosted page's form may post to itself and redirect only
     * there (its CSP {@code form-action}), and a Checkout Session whose {@code url} is elsewhere is
     * refused. Set it to the custom domain when the Stripe account serves Checkout on one; tests
     * point it at the stand-in.
     */
    @WithDefault("https://checkout.stripe.com")
    String checkoutOrigin();

    /**
     * How long a Checkout Session of a live hosted page stays payable ({@code expires_at}). Stripe
     * takes 30 minutes to 24 hours from the session's creation; the expiry is fixed when the
     * payment is made (so a retried create sends the same parameters), hence the margin over 30
     * minutes. Until then the session's payment holds the order or invoice (one payment in flight);
     * after it the recovery job settles the payment from Stripe's session.
     */
    @WithDefault("1h")
    Duration checkoutSessionLifetime();
  }

  interface Recovery {
    /** How often the job looks for interrupted charges and refunds. */
    @WithDefault("30s")
    String interval();

    /** How long a charge or refund may stay unfinished before the job finishes it. */
    @WithDefault("60s")
    Duration staleAfter();
  }
}
