package dev.solid.messaging.message;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/messages/send}: {@code {account_id, to, text}}. Whether {@code to}
 * suits the account's channel, and the channel's text limit, are checked once the account is found.
 */
public record SendRequest(
    @Schema(description = "The sender account to send from", example = "7421") @NotNull
        Long accountId,
    @Schema(
            description =
                "Telegram username (e.g. @sarah_miller) or numeric user id, or an E.164 phone"
                    + " number for an SMS account",
            example = "@sarah_miller")
        @NotBlank
        @Size(max = 64)
        String to,
    @Schema(
            description =
                "The text; {first_name}, {last_name}, {name}, {email} and {custom.<field>} are"
                    + " filled from the contact 'to' matches. At most 4096 characters (1600 for"
                    + " SMS)",
            example = "Hey Sarah, your invite is ready - check your inbox.")
        @NotBlank
        @Size(max = TextLimits.TELEGRAM)
        String text) {}
