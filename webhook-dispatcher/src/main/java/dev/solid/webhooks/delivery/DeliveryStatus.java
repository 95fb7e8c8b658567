package dev.solid.webhooks.delivery;

import java.util.Set;

/** Delivery statuses as stored and shown. */
public final class DeliveryStatus {
  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";
  public static final Set<String> ALL = Set.of(PENDING, DELIVERED, FAILED);

  private DeliveryStatus() {}
}
