package dev.solid.messaging.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/messaging/accounts}. {@code provider} holds the credentials: {@code
 * account_sid} and {@code auth_token} for sms (Twilio); {@code bot_token} and {@code
 * webhook_secret} for telegram.
 */
public record AccountRequest(
    String channel,
    String sender,
    Map<String, String> provider,
    Integer dailyCap,
    @JsonProperty("default") Boolean isDefault) {}
