package dev.solid.webhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/** Response bodies of the delivery log. */
public final class DeliveryBodies {
  private DeliveryBodies() {}

  /** A delivery in a list. */
  public record DeliveryView(
      long id,
      long endpointId,
      String eventId,
      String event,
      String status,
      int attemptCount,
      int maxAttempts,
      OffsetDateTime nextAttemptAt,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static DeliveryView of(Delivery d) {
      return new DeliveryView(
          d.id(),
          d.endpointId(),
          d.eventId(),
          d.eventType(),
          d.status(),
          d.attemptCount(),
          d.maxAttempts(),
          d.nextAttemptAt(),
          d.lastError(),
          d.createdAt(),
          d.updatedAt());
    }
  }

  /** One delivery with the exact payload sent and every attempt. */
  public record DeliveryDetail(
      long id,
      long endpointId,
      String eventId,
      String event,
      String status,
      int attemptCount,
      int maxAttempts,
      OffsetDateTime nextAttemptAt,
      String lastError,
      String payload,
      List<AttemptView> attempts,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static DeliveryDetail of(Delivery d, List<Attempt> attempts) {
      return new DeliveryDetail(
          d.id(),
          d.endpointId(),
          d.eventId(),
          d.eventType(),
          d.status(),
          d.attemptCount(),
          d.maxAttempts(),
          d.nextAttemptAt(),
          d.lastError(),
          new String(d.payload(), StandardCharsets.UTF_8),
          attempts.stream().map(AttemptView::of).toList(),
          d.createdAt(),
          d.updatedAt());
    }
  }

  /** One attempt: when, what came back (first 2 KB of the body), how long it took, or the error. */
  public record AttemptView(
      int attemptNumber,
      boolean manual,
      OffsetDateTime attemptedAt,
      Integer responseStatus,
      int latencyMs,
      String responseBody,
      String error) {

    static AttemptView of(Attempt a) {
      return new AttemptView(
          a.attemptNumber(),
          a.manual(),
          a.attemptedAt(),
          a.responseStatus(),
          a.latencyMs(),
          a.responseBody(),
          a.error());
    }
  }
}
