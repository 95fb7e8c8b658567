package dev.solid.messaging.inbound;

/**
 * A message a provider delivered to one of our accounts, after its signature was verified.
 *
 * @param from phone (sms) or username, else numeric user id (telegram)
 * @param username the Telegram username when there is one
 * @param telegramId the Telegram user id (also the chat id of the user's private chat with the
 *     bot), null for sms
 */
public record InboundMessage(
    String from,
    String text,
    String providerMessageId,
    String username,
    String firstName,
    String lastName,
    Long telegramId) {}
