package dev.solid.gateway.key;

import java.time.Instant;
import java.util.List;

/** A stored API key (never the secret itself). */
public record ApiKey(
    long id,
    long companyId,
    String name,
    String displayPrefix,
    boolean livemode,
    List<String> scopes,
    Integer rateLimitPerMinute,
    Instant createdAt,
    Instant revokedAt) {

  public boolean isRevoked() {
    return revokedAt != null;
  }
}
