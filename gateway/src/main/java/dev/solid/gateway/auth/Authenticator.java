package dev.solid.gateway.auth;

import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.gateway.company.CompanyRepository;
import dev.solid.gateway.company.Plan;
import dev.solid.gateway.key.ApiKeyFormat;
import dev.solid.gateway.key.ApiKeyRepository;
import dev.solid.gateway.oauth.OAuthAuthenticator;
import dev.solid.gateway.resilience.DatabaseOutage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Turns the Authorization header into a {@link Principal}. API keys are checked for shape and
 * checksum first (no database round trip for garbage), then looked up by hash on every request, so
 * a revoked key is refused on the very next request on every gateway replica.
 */
@ApplicationScoped
public class Authenticator {
  /** Header an owner session may send to act on test-mode data; live is the default. */
  public static final String MODE_HEADER = "Solid-Mode";

  private final ApiKeyRepository keys;
  private final CompanyRepository companies;
  private final OwnerTokens ownerTokens;
  private final OAuthAuthenticator oauth;

  public Authenticator(
      ApiKeyRepository keys,
      CompanyRepository companies,
      OwnerTokens ownerTokens,
      OAuthAuthenticator oauth) {
    this.keys = keys;
    this.companies = companies;
    this.ownerTokens = ownerTokens;
    this.oauth = oauth;
  }

  /**
   * @param authorization the raw Authorization header, may be null
   * @param allowOwner whether an owner session token is accepted here, besides API keys
   * @param modeHeader the {@value #MODE_HEADER} header for owner sessions, may be null
   */
  public Uni<Principal> authenticate(String authorization, boolean allowOwner, String modeHeader) {
    if (authorization == null || authorization.isBlank()) {
      return fail("Missing API key: send 'Authorization: Bearer sk_solid_…'");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return fail("Authorization must use the Bearer scheme");
    }
    String token = authorization.substring(7).trim();
    if (token.startsWith(ApiKeyFormat.PREFIX)) {
      return authenticateKey(token);
    }
    if (OAuthAuthenticator.isAccessToken(token)) {
      return oauth.authenticate(token);
    }
    if (allowOwner && token.chars().filter(c -> c == '.').count() == 2) {
      return authenticateOwner(token, modeHeader);
    }
    return fail("Invalid API key");
  }

  private Uni<Principal> authenticateKey(String token) {
    if (!ApiKeyFormat.isWellFormed(token)) {
      return fail("Invalid API key");
    }
    return keys.findByHash(ApiKeyFormat.hash(token))
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return fail("Invalid API key");
              }
              var key = found.get().key();
              if (key.isRevoked()) {
                return fail("This API key has been revoked");
              }
              int planLimit =
                  Plan.fromWire(found.get().plan()).orElse(Plan.STARTER).requestsPerMinute();
              return Uni.createFrom()
                  .item(
                      new Principal(
                          key.companyId(),
                          key.livemode(),
                          key.id(),
                          null,
                          Set.copyOf(key.scopes()),
                          key.rateLimitPerMinute() == null ? planLimit : key.rateLimitPerMinute(),
                          planLimit));
            })
        .onFailure(DatabaseOutage::is)
        .transform(Authenticator::unavailable);
  }

  /**
   * The key store (PostgreSQL) cannot be asked, or not within its deadline: 503 with Retry-After,
   * not a 500 and not a hang — the request was fine and a retry shortly will likely work.
   */
  private static ApiException unavailable(Throwable cause) {
    return DatabaseOutage.unavailable(
        "Authentication is temporarily unavailable; retry shortly", cause);
  }

  private Uni<Principal> authenticateOwner(String token, String modeHeader) {
    var session = ownerTokens.verify(token);
    if (session.isEmpty()) {
      return fail("Invalid or expired session token");
    }
    if (modeHeader != null && !modeHeader.equals("test") && !modeHeader.equals("live")) {
      return Uni.createFrom()
          .failure(ApiException.badRequest("Header " + MODE_HEADER + " must be 'test' or 'live'"));
    }
    boolean livemode = !"test".equals(modeHeader);
    return companies
        .findCompany(session.get().companyId())
        .flatMap(
            company ->
                company.isEmpty()
                    ? fail("Invalid or expired session token")
                    : Uni.createFrom()
                        .item(
                            new Principal(
                                company.get().id(),
                                livemode,
                                null,
                                session.get().userId(),
                                Set.copyOf(Scopes.ALL),
                                company.get().plan().requestsPerMinute(),
                                company.get().plan().requestsPerMinute())))
        .onFailure(DatabaseOutage::is)
        .transform(Authenticator::unavailable);
  }

  private static <T> Uni<T> fail(String message) {
    return Uni.createFrom().failure(ApiException.unauthorized(message));
  }
}
