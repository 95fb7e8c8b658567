package dev.solid.common.event;

import java.util.List;

/**
 * Kafka topics, one per domain. Record key: the company id, so one company's events keep their
 * order. Value: an {@link EventEnvelope} as JSON. A breaking change of the envelope gets a new
 * topic version; additive changes stay on v1.
 */
public final class EventTopics {
  public static final String CRM = "solid.crm.events.v1";
  public static final String MESSAGING = "solid.messaging.events.v1";
  public static final String PAYMENTS = "solid.payments.events.v1";
  public static final String WEBHOOKS = "solid.webhooks.events.v1";

  public static final List<String> ALL = List.of(CRM, MESSAGING, PAYMENTS, WEBHOOKS);

  private EventTopics() {}
}
