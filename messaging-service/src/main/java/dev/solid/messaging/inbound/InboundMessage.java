package dev.solid.messaging.inbound;

/**
 * A message a provider delivered to one of our accounts, after its signature was verified.
 *
 * @param from phone (sms) or username, else numeric user id (telegram)
 * @param username the Telegram username when there is one
 */
public record InboundMessage(
    String from,
    String text,
    String providerMessageId,
    String username,
    String firstName,
    String lastName) {}
