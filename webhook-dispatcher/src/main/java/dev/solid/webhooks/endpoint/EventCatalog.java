package dev.solid.webhooks.endpoint;

import dev.solid.common.event.EventTypes;
import java.util.List;
import java.util.Set;

/**
 * The event types an endpoint may subscribe to: every type published in common's {@link EventTypes}
 * (defined once there). {@code "*"} means every event.
 */
public final class EventCatalog {
  public static final String WILDCARD = "*";
  public static final String WEBHOOK_TEST = EventTypes.WEBHOOK_TEST;
  public static final String WEBHOOK_DISABLED = EventTypes.WEBHOOK_DISABLED;
  public static final List<String> ALL = EventTypes.ALL;
  private static final Set<String> KNOWN = Set.copyOf(ALL);

  private EventCatalog() {}

  public static boolean isKnown(String type) {
    return KNOWN.contains(type);
  }
}
