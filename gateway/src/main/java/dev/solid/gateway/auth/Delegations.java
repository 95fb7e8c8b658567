package dev.solid.gateway.auth;

import dev.solid.common.caller.InternalToken;
import dev.solid.common.error.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The MCP hop's way back in. mcp-service's tools call the public API through the gateway with the
 * caller's own {@code Authorization} and, as {@value #HEADER}, the internal JWT the gateway minted
 * for the MCP request that runs the tool. When both agree the gateway rebuilds the caller from the
 * token's claims instead of looking the key up again in PostgreSQL: a tool call costs one
 * authentication round trip (the MCP request's), not one per API call it makes.
 *
 * <p>A delegation is accepted only when it is the gateway's own token (ES256 signature with its key
 * pair, issuer, audience {@code solid-internal}), not expired (5 s of clock skew, for gateway
 * replicas), minted for the MCP route (it carries a credential digest, which no other route's token
 * does) and bound to the credential presented with it (the digest matches). Anything else is 401:
 * never a silent fall back to a key lookup, which would hide a broken or forged delegation.
 *
 * <p>What this trades: a key revoked during a tool call stays usable for that call's API requests
 * until the token expires ({@code solid.gateway.internal-token-ttl}, 60 s by default); the next MCP
 * request looks the key up again and is refused.
 */
@ApplicationScoped
public class Delegations {
  private static final Logger LOG = Logger.getLogger(Delegations.class);

  /** Header carrying the delegation (the MCP request's internal JWT). */
  public static final String HEADER = "Solid-Delegation";

  /** Claim: digest of the credential the token was minted for ({@link #credentialDigest}). */
  public static final String CREDENTIAL_DIGEST = "cdg";

  /** Claim: the caller's effective rate limit per minute. */
  public static final String RATE_LIMIT = "rlm";

  /** Claim: the company plan's rate limit per minute. */
  public static final String PLAN_RATE_LIMIT = "plm";

  /** Claim: the owner's user id, for an owner session. */
  public static final String USER_ID = "uid";

  private static final int CLOCK_SKEW_SECONDS = 5;

  private final JWTParser parser;
  private final JWTAuthContextInfo internalTokens;
  private final Counter accepted;
  private final Counter refused;

  public Delegations(JWTParser parser, JWTAuthContextInfo defaults, MeterRegistry registry) {
    this.parser = parser;
    // The gateway's verification settings (its public key, its issuer) for the audience of the
    // tokens it mints for services rather than the owner sessions' one.
    JWTAuthContextInfo info = new JWTAuthContextInfo(defaults);
    info.setExpectedAudience(Set.of(InternalToken.AUDIENCE));
    info.setIssuedBy(InternalToken.ISSUER);
    info.setClockSkew(CLOCK_SKEW_SECONDS);
    this.internalTokens = info;
    this.accepted =
        Counter.builder("solid.gateway.delegations")
            .tag("outcome", "accepted")
            .description("Callbacks of MCP tools authenticated by their delegation")
            .register(registry);
    this.refused =
        Counter.builder("solid.gateway.delegations")
            .tag("outcome", "refused")
            .description("Callbacks of MCP tools refused for a bad delegation")
            .register(registry);
  }

  /**
   * A short digest of a credential: base64url of the first 16 bytes of SHA-256 of the bearer token
   * (the whole header when it is not Bearer). A token carries it, never the credential.
   */
  public static String credentialDigest(String authorization) {
    String credential = authorization == null ? "" : authorization.trim();
    if (credential.regionMatches(true, 0, "Bearer ", 0, 7)) {
      credential = credential.substring(7).trim();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The caller the delegation stands for, or 401. No database, no Redis: claims only. */
  public Uni<Principal> verify(String authorization, String delegation) {
    try {
      Principal principal = principal(authorization, delegation);
      accepted.increment();
      return Uni.createFrom().item(principal);
    } catch (Refused e) {
      refused.increment();
      LOG.warnf("Refused a %s header: %s", HEADER, e.getMessage());
      return Uni.createFrom()
          .failure(
              ApiException.unauthorized(
                  "Invalid " + HEADER + ": " + e.getMessage() + "; send the API key alone"));
    }
  }

  private Principal principal(String authorization, String delegation) {
    if (authorization == null || authorization.isBlank()) {
      throw new Refused("it comes without the credential it was issued for");
    }
    JsonWebToken jwt;
    try {
      jwt = parser.parse(delegation.trim(), internalTokens);
    } catch (ParseException e) {
      throw new Refused("not a valid, unexpired token of this gateway");
    }
    Object digest = jwt.getClaim(CREDENTIAL_DIGEST);
    if (digest == null) {
      throw new Refused("the token was not issued for delegation");
    }
    byte[] expected = credentialDigest(authorization).getBytes(StandardCharsets.US_ASCII);
    byte[] carried = text(digest).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, carried)) {
      throw new Refused("it was issued for another credential");
    }
    try {
      // An API key, an OAuth grant (an MCP client's access token) or the owner: exactly one.
      Long keyId = optionalLong(jwt.getClaim(InternalToken.KEY_ID));
      Long grantId = optionalLong(jwt.getClaim(InternalToken.GRANT_ID));
      Long userId = optionalLong(jwt.getClaim(USER_ID));
      int callers = (keyId == null ? 0 : 1) + (grantId == null ? 0 : 1) + (userId == null ? 0 : 1);
      if (callers != 1) {
        throw new Refused("it does not name one caller");
      }
      return new Principal(
          Long.parseLong(text(jwt.getClaim(InternalToken.COMPANY_ID))),
          Boolean.parseBoolean(text(jwt.getClaim(InternalToken.LIVEMODE))),
          keyId,
          userId,
          Set.copyOf(jwt.getGroups() == null ? Set.of() : jwt.getGroups()),
          Integer.parseInt(text(jwt.getClaim(RATE_LIMIT))),
          Integer.parseInt(text(jwt.getClaim(PLAN_RATE_LIMIT))),
          grantId);
    } catch (RuntimeException e) {
      if (e instanceof Refused refusal) {
        throw refusal;
      }
      throw new Refused("its claims are incomplete");
    }
  }

  private static String text(Object claim) {
    if (claim == null) {
      throw new Refused("its claims are incomplete");
    }
    String value = claim.toString();
    // JSON-P strings print with their quotes.
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static Long optionalLong(Object claim) {
    return claim == null ? null : Long.parseLong(text(claim));
  }

  private static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
