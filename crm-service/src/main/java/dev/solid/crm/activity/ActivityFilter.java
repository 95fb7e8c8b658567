package dev.solid.crm.activity;

import java.time.Instant;

/**
 * What an activity list is narrowed to; null means no filter. {@code occurredAfter} and {@code
 * occurredBefore} are exclusive bounds.
 */
public record ActivityFilter(
    String type, Long contactId, Long dealId, Instant occurredAfter, Instant occurredBefore) {}
