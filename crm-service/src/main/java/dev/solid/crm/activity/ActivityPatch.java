package dev.solid.crm.activity;

import static dev.solid.crm.activity.ActivityRules.MAX_BODY;
import static dev.solid.crm.activity.ActivityRules.MAX_DURATION_SECONDS;
import static dev.solid.crm.activity.ActivityRules.MAX_OUTCOME;
import static dev.solid.crm.activity.ActivityRules.MAX_SUBJECT;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/crm/activities/{id}}, with the constraints of {@link
 * ActivityRequest} that hold for a value that is sent. A field left out stays as it is; a field
 * sent as null clears it, except {@code type}, {@code body} and {@code occurred_at}, which an
 * activity always has ({@link #requireKept}). Java null alone cannot tell the two apart, so the
 * resource also passes the names of the fields the JSON carried.
 */
@Schema(
    name = "ActivityPatch",
    description = "Fields to change; omitted fields stay as they are, null clears a field")
public record ActivityPatch(
    @Schema(enumeration = {"note", "call", "email", "meeting"})
        @Pattern(regexp = ActivityRules.TYPES, message = ActivityRules.TYPES_MESSAGE)
        String type,
    @Positive Long contactId,
    @Positive Long dealId,
    @Size(max = MAX_SUBJECT, message = "too_long") String subject,
    @Size(max = MAX_BODY, message = "too_long") String body,
    Instant occurredAt,
    @Min(0) @Max(MAX_DURATION_SECONDS) Integer durationSeconds,
    @Schema(enumeration = {"inbound", "outbound"})
        @Pattern(regexp = ActivityRules.DIRECTIONS, message = ActivityRules.DIRECTIONS_MESSAGE)
        String direction,
    @Size(max = MAX_OUTCOME, message = "too_long") String outcome) {

  public ActivityPatch {
    subject = ActivityRules.strip(subject);
    outcome = ActivityRules.strip(outcome);
    direction = ActivityRules.strip(direction);
    type = ActivityRules.strip(type);
  }

  /** A 422 when a field every activity has was sent as null or blank. */
  void requireKept(Set<String> sent) {
    if (sent.contains("type") && type == null) {
      throw ActivityRules.required("type");
    }
    if (sent.contains("body") && (body == null || body.isBlank())) {
      throw ActivityRules.required("body");
    }
    if (sent.contains("occurred_at") && occurredAt == null) {
      throw ActivityRules.required("occurred_at");
    }
  }
}
