package dev.solid.messaging.message;

/** Body of {@code POST /api/v1/messages/send} (seed 001): {@code {account_id, to, text}}. */
public record SendRequest(Long accountId, String to, String text) {}
