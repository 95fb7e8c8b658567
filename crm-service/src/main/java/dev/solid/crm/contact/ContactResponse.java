package dev.solid.crm.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A contact as the API shows it. Timestamps are ISO-8601 in UTC. */
@Schema(name = "Contact")
public record ContactResponse(
    @Schema(examples = "42") long id,
    String name,
    String firstName,
    String lastName,
    @Schema(description = "Without the leading '@'") String username,
    String email,
    @Schema(description = "E.164") String phone,
    @Schema(
            description =
                "Telegram user id, learnt from the contact's inbound Telegram messages; read-only")
        Long telegramId,
    List<String> tags,
    Map<String, Object> customFields,
    boolean livemode,
    Instant createdAt,
    Instant updatedAt,
    @Schema(
            description =
                "Lead score, 0 to 100. Scored from the contact's own changes and its engagement"
                    + " events a moment after they commit (the answer to a create or update shows"
                    + " the score before it); lead.scored announces band changes",
            examples = "35")
        int leadScore,
    @Schema(description = "cold, warm, mql or hot", examples = "warm") String leadScoreBand,
    @Schema(
            description =
                "The rules that gave points: type, parameters, points (engagement decayed as of"
                    + " the last scoring) and, for engagement, how many events")
        List<Map<String, Object>> leadScoreReasons) {

  static ContactResponse from(Contact contact) {
    return new ContactResponse(
        contact.getId(),
        contact.getName(),
        contact.getFirstName(),
        contact.getLastName(),
        contact.getUsername(),
        contact.getEmail(),
        contact.getPhone(),
        contact.getTelegramId(),
        contact.getTags(),
        contact.getCustomFields(),
        contact.isLivemode(),
        contact.getCreatedAt(),
        contact.getUpdatedAt(),
        contact.getLeadScore(),
        contact.getLeadScoreBand(),
        contact.getLeadScoreReasons());
  }
}
