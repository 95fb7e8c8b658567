package dev.solid.gateway.oauth;

import dev.solid.common.error.ApiException;
import dev.solid.gateway.auth.Principal;
import dev.solid.gateway.company.Plan;
import dev.solid.gateway.resilience.DatabaseOutage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * An OAuth access token ({@code sat_…}) as a {@link Principal}: the grant's company, mode and
 * scopes, limited per grant at the plan's rate. Looked up by hash on every request, like an API
 * key, so a revoked grant is refused on the very next request on every replica.
 */
@ApplicationScoped
public class OAuthAuthenticator {
  private final OAuthRepository repository;

  public OAuthAuthenticator(OAuthRepository repository) {
    this.repository = repository;
  }

  public static boolean isAccessToken(String token) {
    return token.startsWith(OAuthSecrets.ACCESS_PREFIX);
  }

  public Uni<Principal> authenticate(String token) {
    if (!OAuthSecrets.isWellFormed(token, OAuthSecrets.ACCESS_PREFIX)) {
      return fail("Invalid access token");
    }
    return repository
        .findByAccessToken(OAuthSecrets.hash(token))
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return fail("Invalid access token");
              }
              var grant = found.get();
              if (grant.revoked()) {
                return fail("This authorization has been revoked");
              }
              if (grant.expired()) {
                return fail("The access token has expired; refresh it at /oauth/token");
              }
              int planLimit = Plan.fromWire(grant.plan()).orElse(Plan.STARTER).requestsPerMinute();
              return Uni.createFrom()
                  .item(
                      new Principal(
                          grant.companyId(),
                          grant.livemode(),
                          null,
                          null,
                          Set.copyOf(grant.scopes()),
                          planLimit,
                          planLimit,
                          grant.grantId()));
            })
        .onFailure(DatabaseOutage::is)
        .transform(
            cause ->
                DatabaseOutage.unavailable(
                    "Authentication is temporarily unavailable; retry shortly", cause));
  }

  private static <T> Uni<T> fail(String message) {
    return Uni.createFrom().failure(ApiException.unauthorized(message));
  }
}
