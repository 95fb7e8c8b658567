package dev.solid.crm.timeline;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One thing that happened to a contact, as its timeline shows it. */
@Schema(name = "TimelineItem")
public record TimelineItem(
    @Schema(
            description =
                "What happened: activity.note, activity.call, activity.email, activity.meeting,"
                    + " message.sent, message.received, message.failed, order.created,"
                    + " order.paid, order.refunded, order.canceled, payment.failed; more may be"
                    + " added",
            examples = "order.paid")
        String type,
    Instant occurredAt,
    @Schema(description = "A line a person reads", examples = "Order 1001 paid: $1,200.00")
        String summary,
    Ref ref) {

  /** The object the item is about; fetch it from its own API for the details. */
  @Schema(name = "TimelineRef")
  public record Ref(
      @Schema(
              description = "activity, message, order, payment; more may be added",
              examples = "order")
          String object,
      @Schema(description = "The object's id, as text", examples = "1001") String id) {}
}
