package dev.solid.messaging.broadcast;

import dev.solid.messaging.message.TextLimits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/messages/broadcast}: recipients by tag or by contact ids (exactly one
 * of them, a rule across fields that {@link BroadcastService} checks).
 */
public record BroadcastRequest(
    @Schema(description = "The sender account to send from", example = "7421") @NotNull
        Long accountId,
    @Schema(
            description =
                "The text, template variables filled per contact; at most 4096 characters (1600"
                    + " for an SMS account)",
            example = "Hi {first_name}, our webinar starts in one hour.")
        @NotBlank
        @Size(max = TextLimits.TELEGRAM)
        String text,
    @Schema(description = "Every contact with this tag", example = "webinar-2026-06")
        @Size(max = 64)
        String tag,
    @Schema(description = "These contacts (instead of a tag)") List<Long> contactIds) {}
