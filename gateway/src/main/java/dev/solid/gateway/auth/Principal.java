package dev.solid.gateway.auth;

import java.util.Set;

/**
 * Who a request comes from once authenticated: an API key of a company in one mode, the company's
 * owner in a session (login JWT), or an OAuth grant the owner gave an MCP client (its access token,
 * see {@code dev.solid.gateway.oauth}), which acts like a key: scoped, in one mode, revocable.
 * {@code rateLimitPerMinute} is the effective limit (the key's override, else the plan's), {@code
 * planRateLimitPerMinute} the company plan's.
 */
public record Principal(
    long companyId,
    boolean livemode,
    Long keyId,
    Long userId,
    Set<String> scopes,
    int rateLimitPerMinute,
    int planRateLimitPerMinute,
    Long grantId) {

  /** An API key or an owner session (no OAuth grant). */
  public Principal(
      long companyId,
      boolean livemode,
      Long keyId,
      Long userId,
      Set<String> scopes,
      int rateLimitPerMinute,
      int planRateLimitPerMinute) {
    this(
        companyId,
        livemode,
        keyId,
        userId,
        scopes,
        rateLimitPerMinute,
        planRateLimitPerMinute,
        null);
  }

  public boolean isOwner() {
    return keyId == null && grantId == null;
  }

  /** The bucket the rate limit counts in: one per key, one per OAuth grant, one per owner user. */
  public String rateLimitSubject() {
    if (grantId != null) {
      return "grant:" + grantId;
    }
    return isOwner() ? "user:" + userId : "key:" + keyId;
  }
}
