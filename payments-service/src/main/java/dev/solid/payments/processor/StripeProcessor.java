package dev.solid.payments.processor;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Live mode's processor: Stripe PaymentIntents over its REST API. */
@ApplicationScoped
public class StripeProcessor implements PaymentProcessor {
  public static final String NAME = "stripe";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Uni<ChargeOutcome> charge(Charge charge) {
    return Uni.createFrom()
        .failure(new ProcessorUnavailableException("Stripe is not configured", null));
  }

  @Override
  public Uni<RefundOutcome> refund(String idempotencyKey, String processorChargeId, long amount) {
    return Uni.createFrom()
        .failure(new ProcessorUnavailableException("Stripe is not configured", null));
  }
}
