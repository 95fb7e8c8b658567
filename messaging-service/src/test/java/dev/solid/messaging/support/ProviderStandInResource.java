package dev.solid.messaging.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service's provider and crm base URLs at the local {@link ProviderStandIn}. */
public class ProviderStandInResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    String base = ProviderStandIn.instance().baseUrl();
    return Map.of(
        "solid.messaging.twilio-base-url",
        base,
        "solid.messaging.telegram-base-url",
        base,
        "solid.messaging.crm.base-url",
        base,
        "solid.messaging.delivery.initial-backoff",
        "50ms",
        "solid.messaging.delivery.provider-timeout",
        "3s");
  }

  @Override
  public void stop() {}
}
