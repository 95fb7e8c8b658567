package dev.solid.payments.processor;

import io.smallrye.mutiny.Uni;

/**
 * The port money moves through. Test mode uses {@link SimulatedProcessor} (never the network); live
 * mode {@link StripeProcessor}. Both are idempotent by the key they are given: asking twice with
 * one key gives one charge and the first answer.
 *
 * <p>Failures: a decline is a {@link ChargeOutcome} that did not succeed; a processor that cannot
 * be reached or answers 5xx is a {@link ProcessorUnavailableException} (outcome unknown).
 */
public interface PaymentProcessor {
  /** The processor's name as stored with each payment: {@code simulated} or {@code stripe}. */
  String name();

  Uni<ChargeOutcome> charge(Charge charge);

  /** Refunds {@code amount} of the charge the processor knows as {@code processorChargeId}. */
  Uni<RefundOutcome> refund(String idempotencyKey, String processorChargeId, long amount);
}
