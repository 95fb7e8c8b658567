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
   * Where customers reach this platform's public pages (env SOLID_PAYMENTS_PUBLIC_BASE_URL),
   * without a trailing slash: an invoice's {@code hosted_invoice_url} is {@code
   * <public-base-url>/pay/invoices/<token>}.
   */
  @WithDefault("http://localhost:8080")
  String publicBaseUrl();

  /** crm-service, asked whether a contact exists. */
  Crm crm();

  /** Stripe, the processor of live mode. */
  Stripe stripe();

  /** The job that finishes charges and refunds a crash or a processor outage interrupted. */
  Recovery recovery();

  interface Crm {
    /** Base URL of crm-service's API (env SOLID_PAYMENTS_CRM_BASE_URL). */
    @WithDefault("http://127.0.0.1:8081")
    String baseUrl();

    /** Milliseconds crm has to answer one lookup, connection included; then 503. */
    @WithDefault("3000")
    long timeoutMillis();
  }

  interface Stripe {
    /** Stripe's REST API (env SOLID_PAYMENTS_STRIPE_BASE_URL); tests point it at a stand-in. */
    @WithDefault("https://api.stripe.com")
    String baseUrl();

    /**
     * The platform's Stripe secret key for live charges (env SOLID_PAYMENTS_STRIPE_SECRET_KEY).
     * Unset: live-mode charges answer 503 {@code processor_not_configured}; test mode never needs
     * it.
     */
    Optional<String> secretKey();

    /**
     * The signing secret of the Stripe webhook endpoint ({@code whsec_…}, env
     * SOLID_PAYMENTS_STRIPE_WEBHOOK_SECRET). Unset: every callback is refused.
     */
    Optional<String> webhookSecret();

    /** How old a signed callback may be (Stripe's default tolerance). */
    @WithDefault("5m")
    Duration webhookTolerance();
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
