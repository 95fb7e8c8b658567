package dev.solid.gateway.auth;

import java.util.Set;

/**
 * Who a request comes from once authenticated: an API key of a company in one mode, or the
 * company's owner in a session (login JWT). {@code rateLimitPerMinute} is the effective limit (the
 * key's override, else the plan's), {@code planRateLimitPerMinute} the company plan's.
 */
public record Principal(
    long companyId,
    boolean livemode,
    Long keyId,
    Long userId,
    Set<String> scopes,
    int rateLimitPerMinute,
    int planRateLimitPerMinute) {

  public boolean isOwner() {
    return keyId == null;
  }

  /** The bucket the rate limit counts in: one per key, one per owner session user. */
  public String rateLimitSubject() {
    return isOwner() ? "user:" + userId : "key:" + keyId;
  }
}
