package dev.solid.messaging.message;

import dev.solid.kit.validation.E164;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/sms/send}: {@code {to_phone, message}}. */
public record SmsSendRequest(
    @Schema(description = "Recipient in E.164 form", example = "+18015551234") @NotBlank @E164
        String toPhone,
    @Schema(
            description = "The text, at most 1600 characters; template variables as for a send",
            example = "Thanks for your inquiry! We'll call you within the hour.")
        @NotBlank
        @Size(max = TextLimits.SMS)
        String message) {}
