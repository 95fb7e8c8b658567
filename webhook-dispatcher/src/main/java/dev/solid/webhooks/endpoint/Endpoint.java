package dev.solid.webhooks.endpoint;

import java.time.OffsetDateTime;
import java.util.List;

/** A webhook endpoint as stored; the secrets stay encrypted here. */
public record Endpoint(
    long id,
    long companyId,
    boolean livemode,
    String url,
    List<String> events,
    String description,
    boolean enabled,
    String disabledReason,
    byte[] secretEncrypted,
    // When the most recently retired secret stops signing; null when none is active.
    OffsetDateTime previousSecretExpiresAt,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
