package dev.solid.common.caller;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import java.util.Set;

/**
 * Who is calling, as the gateway vouched for it in the internal JWT: the company (tenant), the mode
 * (live or test), the API key and its scopes, and the request id.
 */
public record Caller(
    long companyId,
    boolean livemode,
    Long keyId,
    boolean owner,
    Set<String> scopes,
    String requestId) {

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  /** The tenant every query of this request is scoped to. */
  public Tenant tenant() {
    return new Tenant(companyId, livemode);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** Throws 403 {@code forbidden}, naming the scope, unless the caller holds it. */
  public Caller requireScope(String scope) {
    if (!hasScope(scope)) {
      throw ApiException.missingScope(scope);
    }
    return this;
  }

  /** Throws 403 unless the caller is the company owner (a session, not an API key). */
  public Caller requireOwner() {
    if (!owner) {
      throw new ApiException(
          ErrorCode.FORBIDDEN, "Only the company owner can do this, not an API key");
    }
    return this;
  }
}
