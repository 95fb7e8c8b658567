package dev.solid.messaging.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/messaging/accounts}. {@code provider} holds the credentials: {@code
 * account_sid} and {@code auth_token} for sms (Twilio); {@code bot_token} and {@code
 * webhook_secret} for telegram. What depends on the channel (the sender's form, which credentials)
 * is checked by {@link AccountRules}.
 */
public record AccountRequest(
    @Schema(
            description = "sms or telegram",
            enumeration = {"sms", "telegram"})
        @NotBlank
        @Pattern(regexp = "sms|telegram")
        String channel,
    @Schema(
            description = "The E.164 number for sms, the bot's username for telegram",
            example = "@solid_bot")
        @NotBlank
        @Size(max = 64)
        String sender,
    @Schema(
            description =
                "Provider credentials: account_sid and auth_token (sms), bot_token and"
                    + " webhook_secret (telegram); stored encrypted, never returned")
        Map<String, String> provider,
    @Schema(description = "Most messages a day (UTC) from this account; default 50")
        @Min(1)
        @Max(1_000_000)
        Integer dailyCap,
    @Schema(
            description =
                "Whether this is the default account of its channel; the first account of a"
                    + " channel is, unless told otherwise")
        @JsonProperty("default")
        Boolean isDefault) {}
