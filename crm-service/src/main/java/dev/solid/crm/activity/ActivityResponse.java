package dev.solid.crm.activity;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An activity as the API and the {@code activity.logged} event show it. Timestamps in UTC. */
@Schema(name = "Activity")
public record ActivityResponse(
    @Schema(examples = "17") long id,
    @Schema(description = "Always `activity`", examples = "activity") String object,
    @Schema(enumeration = {"note", "call", "email", "meeting"}) String type,
    Long contactId,
    Long dealId,
    String subject,
    String body,
    Instant occurredAt,
    Integer durationSeconds,
    @Schema(enumeration = {"inbound", "outbound"}) String direction,
    String outcome,
    boolean livemode,
    Instant createdAt,
    Instant updatedAt) {

  public static final String OBJECT = "activity";

  static ActivityResponse from(Activity activity) {
    return new ActivityResponse(
        activity.getId(),
        OBJECT,
        activity.getType(),
        activity.getContactId(),
        activity.getDealId(),
        activity.getSubject(),
        activity.getBody(),
        activity.getOccurredAt(),
        activity.getDurationSeconds(),
        activity.getDirection(),
        activity.getOutcome(),
        activity.isLivemode(),
        activity.getCreatedAt(),
        activity.getUpdatedAt());
  }
}
