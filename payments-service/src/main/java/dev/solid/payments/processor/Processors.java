package dev.solid.payments.processor;

import jakarta.enterprise.context.ApplicationScoped;

/** The processor of a mode: test mode is always simulated; live mode is Stripe. */
@ApplicationScoped
public class Processors {
  private final SimulatedProcessor simulated;
  private final StripeProcessor stripe;

  public Processors(SimulatedProcessor simulated, StripeProcessor stripe) {
    this.simulated = simulated;
    this.stripe = stripe;
  }

  public PaymentProcessor forMode(boolean livemode) {
    return livemode ? stripe : simulated;
  }

  /** The processor a stored payment was made with. */
  public PaymentProcessor named(String name) {
    return SimulatedProcessor.NAME.equals(name) ? simulated : stripe;
  }
}
