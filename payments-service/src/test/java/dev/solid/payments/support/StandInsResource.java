package dev.solid.payments.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points payments-service's crm and Stripe base URLs at the local {@link StandIns}. */
public class StandInsResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    String base = StandIns.instance().baseUrl();
    return Map.of("solid.payments.crm.base-url", base, "solid.payments.stripe.base-url", base);
  }

  @Override
  public void stop() {}
}
