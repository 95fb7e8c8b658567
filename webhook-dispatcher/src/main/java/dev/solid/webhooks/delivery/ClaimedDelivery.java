package dev.solid.webhooks.delivery;

import java.util.List;
import java.util.UUID;

/** A due delivery this replica holds the lease of, with what is needed to send it. */
public record ClaimedDelivery(
    long id,
    long companyId,
    boolean livemode,
    long endpointId,
    String eventId,
    byte[] payload,
    int attemptCount,
    int maxAttempts,
    boolean manual,
    UUID leaseToken,
    String url,
    boolean endpointEnabled,
    byte[] secretEncrypted,
    // Previous secrets still within their rotation overlap, newest first.
    List<byte[]> previousSecretsEncrypted) {}
