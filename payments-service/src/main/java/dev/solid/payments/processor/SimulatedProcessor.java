package dev.solid.payments.processor;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The processor of test mode: no network, no money. Outcomes follow Stripe's test cards ({@link
 * TestCards}). Ids are derived from the idempotency key, so asking twice with one key answers the
 * same charge, as Stripe does.
 */
@ApplicationScoped
public class SimulatedProcessor implements PaymentProcessor {
  public static final String NAME = "simulated";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Uni<ChargeOutcome> charge(Charge charge) {
    TestCards.TestCard card =
        TestCards.byPaymentMethod(charge.paymentMethod())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Not a test payment method: " + charge.paymentMethod()));
    String id = "pi_sim_" + idFor(charge.idempotencyKey());
    ChargeOutcome outcome =
        card.behaviour() == TestCards.Behaviour.SUCCEEDS
            ? ChargeOutcome.success(id, card.brand(), card.last4())
            : ChargeOutcome.failure(
                id,
                card.brand(),
                card.last4(),
                card.code(),
                card.declineCode(),
                card.message(),
                card.retryable());
    return Uni.createFrom().item(outcome);
  }

  @Override
  public Uni<RefundOutcome> refund(
      String idempotencyKey, String processorChargeId, long amount, Map<String, String> metadata) {
    return Uni.createFrom().item(new RefundOutcome(true, "re_sim_" + idFor(idempotencyKey), null));
  }

  private static String idFor(String idempotencyKey) {
    return UUID.nameUUIDFromBytes(idempotencyKey.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }
}
