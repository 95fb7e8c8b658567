package dev.solid.messaging.broadcast;

/**
 * A broadcast recipient that got no message, and why: {@code contact_not_found}, {@code no_address}
 * (no phone for SMS, no username for Telegram), {@code invalid_address}, {@code missing_variable}
 * (a template variable the contact has no value for; {@code detail} names it).
 */
public record SkippedRecipient(long contactId, String reason, String detail) {}
