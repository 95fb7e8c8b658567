package dev.solid.payments.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points payments-service's crm and Stripe base URLs, and Stripe's Checkout host, at the local
 * {@link StandIns}.
 */
public class StandInsResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    StandIns standIns = StandIns.instance();
    String base = standIns.baseUrl();
    return Map.of(
        "solid.payments.crm.base-url",
        base,
        "solid.payments.stripe.base-url",
        base,
        "solid.payments.stripe.checkout-origin",
        standIns.stripe().checkoutOrigin());
  }

  @Override
  public void stop() {}
}
