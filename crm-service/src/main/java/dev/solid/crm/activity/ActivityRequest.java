package dev.solid.crm.activity;

import static dev.solid.crm.activity.ActivityRules.MAX_BODY;
import static dev.solid.crm.activity.ActivityRules.MAX_DURATION_SECONDS;
import static dev.solid.crm.activity.ActivityRules.MAX_OUTCOME;
import static dev.solid.crm.activity.ActivityRules.MAX_SUBJECT;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/crm/activities}. The constraints say what each field may hold; that
 * at least one of {@code contact_id} and {@code deal_id} is given, and that the contact exists, is
 * checked by {@link ActivityService}.
 */
@Schema(name = "ActivityCreate", description = "A note, call, email or meeting to log")
public record ActivityRequest(
    @Schema(
            description = "What kind of activity this is",
            enumeration = {"note", "call", "email", "meeting"},
            examples = "call")
        @NotNull
        @Pattern(regexp = ActivityRules.TYPES, message = ActivityRules.TYPES_MESSAGE)
        String type,
    @Schema(
            description = "The contact it concerns; a contact or a deal is required",
            examples = "42")
        @Positive
        Long contactId,
    @Schema(description = "The deal it concerns; a contact or a deal is required", examples = "7")
        @Positive
        Long dealId,
    @Schema(
            description = "A one-line subject",
            maxLength = MAX_SUBJECT,
            examples = "Discovery call")
        @Size(max = MAX_SUBJECT, message = "too_long")
        String subject,
    @Schema(
            description = "What was said or written",
            maxLength = MAX_BODY,
            examples = "Talked about the annual plan; she wants a quote by Friday.")
        @NotBlank
        @Size(max = MAX_BODY, message = "too_long")
        String body,
    @Schema(description = "When it happened (ISO-8601); now when left out") Instant occurredAt,
    @Schema(description = "How long it took, 0 to 604800 seconds (a week)", examples = "900")
        @Min(0)
        @Max(MAX_DURATION_SECONDS)
        Integer durationSeconds,
    @Schema(
            description = "Who reached out",
            enumeration = {"inbound", "outbound"})
        @Pattern(regexp = ActivityRules.DIRECTIONS, message = ActivityRules.DIRECTIONS_MESSAGE)
        String direction,
    @Schema(
            description = "How it ended, in your own words",
            maxLength = MAX_OUTCOME,
            examples = "connected")
        @Size(max = MAX_OUTCOME, message = "too_long")
        String outcome) {

  public ActivityRequest {
    subject = ActivityRules.strip(subject);
    outcome = ActivityRules.strip(outcome);
    direction = ActivityRules.strip(direction);
    type = ActivityRules.strip(type);
  }
}
