package dev.solid.messaging.message;

/** Body of {@code POST /api/v1/sms/send} (seed 000): {@code {to_phone, message}}. */
public record SmsSendRequest(String toPhone, String message) {}
