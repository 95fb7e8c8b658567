package dev.solid.gateway.proxy;

import dev.solid.common.caller.InternalToken;
import dev.solid.gateway.auth.Delegations;
import dev.solid.gateway.auth.Principal;
import dev.solid.gateway.config.GatewayConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mints the short-lived internal JWT (ES256) that tells a service who calls. Services trust only
 * this token, so everything they need to scope a request travels in it.
 */
@ApplicationScoped
public class InternalTokenMinter {
  private final GatewayConfig config;

  public InternalTokenMinter(GatewayConfig config) {
    this.config = config;
  }

  public String mint(Principal principal, String requestId) {
    return builder(principal, requestId)
        .jws()
        .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256)
        .sign();
  }

  /**
   * The internal JWT of a request on the MCP route, which mcp-service may present back to the
   * gateway as {@code Solid-Delegation} with the caller's own credential (see {@link Delegations}):
   * it carries, besides the usual claims, the digest of that credential (a token works only
   * together with the credential it was minted for) and what rebuilding the caller without a key
   * lookup needs (its rate limits, the owner's user id).
   */
  public String mintDelegable(Principal principal, String requestId, String credentialDigest) {
    var builder =
        builder(principal, requestId)
            .claim(Delegations.CREDENTIAL_DIGEST, credentialDigest)
            .claim(Delegations.RATE_LIMIT, principal.rateLimitPerMinute())
            .claim(Delegations.PLAN_RATE_LIMIT, principal.planRateLimitPerMinute());
    if (principal.userId() != null) {
      builder.claim(Delegations.USER_ID, principal.userId());
    }
    return builder.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256).sign();
  }

  private io.smallrye.jwt.build.JwtClaimsBuilder builder(Principal principal, String requestId) {
    var builder =
        Jwt.issuer(InternalToken.ISSUER)
            .audience(InternalToken.AUDIENCE)
            .subject(principal.rateLimitSubject())
            .claim(InternalToken.COMPANY_ID, principal.companyId())
            .claim(InternalToken.LIVEMODE, principal.livemode())
            .claim(
                InternalToken.ACTOR,
                principal.isOwner() ? InternalToken.ACTOR_OWNER : InternalToken.ACTOR_API_KEY)
            .claim(InternalToken.REQUEST_ID, requestId)
            .groups(principal.scopes())
            .expiresIn(config.internalTokenTtl());
    if (principal.keyId() != null) {
      builder.claim(InternalToken.KEY_ID, principal.keyId());
    }
    if (principal.grantId() != null) {
      builder.claim(InternalToken.GRANT_ID, principal.grantId());
    }
    return builder;
  }
}
