package dev.solid.payments.processor;

import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * The port money moves through. Test mode uses {@link SimulatedProcessor} (never the network); live
 * mode {@link StripeProcessor}. Both are idempotent by the key they are given: asking twice with
 * one key gives one charge and the first answer.
 *
 * <p>Failures: a decline is a {@link ChargeOutcome} that did not succeed; a processor that cannot
 * be reached or answers 5xx is a {@link ProcessorUnavailableException} (outcome unknown); a
 * processor that refuses the request itself (our bug or configuration) is a {@link
 * ProcessorRejectedException} (nothing moved).
 */
public interface PaymentProcessor {
  /** The processor's name as stored with each payment: {@code simulated} or {@code stripe}. */
  String name();

  /**
   * Throws 503 {@code service_unavailable} when this processor cannot take any charge or refund
   * (live mode without a secret key). Asked before a payment or refund is recorded, so an
   * unconfigured processor leaves nothing unfinished behind.
   */
  default void requireConfigured() {}

  Uni<ChargeOutcome> charge(Charge charge);

  /**
   * Refunds {@code amount} of the charge the processor knows as {@code processorChargeId}; {@code
   * metadata} is stored with the processor's refund, so its callbacks name our refund.
   */
  Uni<RefundOutcome> refund(
      String idempotencyKey, String processorChargeId, long amount, Map<String, String> metadata);
}
