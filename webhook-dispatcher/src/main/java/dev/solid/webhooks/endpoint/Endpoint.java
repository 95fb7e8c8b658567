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
    byte[] previousSecretEncrypted,
    OffsetDateTime previousSecretExpiresAt,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
