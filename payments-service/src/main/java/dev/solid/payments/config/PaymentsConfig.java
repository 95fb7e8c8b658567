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
   * The gateway's public URL (env SOLID_PAYMENTS_PUBLIC_BASE_URL): hosted pages (a payment link's
   * {@code url}) are addressed under it.
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
