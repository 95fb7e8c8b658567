package dev.solid.gateway.oauth;

import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.gateway.auth.Principal;
import dev.solid.gateway.http.Validation;
import dev.solid.gateway.proxy.ApiRequest;
import dev.solid.gateway.proxy.LocalResponse;
import dev.solid.gateway.resilience.DatabaseOutage;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OAuth grants the owner gave MCP clients, under /api/v1/auth/oauth-grants, next to the API
 * keys and under the same rules: the owner sees and revokes every grant; a key (or grant) holding
 * {@code manage:keys} those of its own mode, and revokes only grants whose scopes it holds all of.
 * A revoked grant's access token is refused on the very next request; its refresh token no longer
 * refreshes.
 */
@ApplicationScoped
public class GrantEndpoints {
  private final OAuthRepository repository;

  public GrantEndpoints(OAuthRepository repository) {
    this.repository = repository;
  }

  public Uni<LocalResponse> list(ApiRequest request) {
    Principal caller = requireManager(request.principal());
    Map<String, List<String>> params =
        new QueryStringDecoder("?" + (request.query() == null ? "" : request.query())).parameters();
    PageRequest page = PageRequest.of(intParam(params, "limit"), intParam(params, "offset"));
    return repository
        .listActive(caller.companyId(), caller.isOwner() ? null : caller.livemode())
        .map(
            all ->
                LocalResponse.of(
                    200,
                    Page.of(
                        all.stream()
                            .skip(page.offset())
                            .limit(page.limit())
                            .map(GrantView::of)
                            .toList(),
                        all.size(),
                        page)))
        .onFailure(DatabaseOutage::is)
        .transform(GrantEndpoints::unavailable);
  }

  public Uni<LocalResponse> revoke(ApiRequest request) {
    Principal caller = requireManager(request.principal());
    long id;
    try {
      id = Long.parseLong(request.pathVariable("id"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("OAuth grant");
    }
    Boolean mode = caller.isOwner() ? null : caller.livemode();
    return repository
        .find(caller.companyId(), id, mode)
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                throw ApiException.notFound("OAuth grant");
              }
              if (!caller.isOwner()) {
                List<String> lacking =
                    found.get().scopes().stream()
                        .filter(scope -> !caller.scopes().contains(scope))
                        .toList();
                if (!lacking.isEmpty()) {
                  throw new ApiException(
                      ErrorCode.FORBIDDEN,
                      "A key can only revoke grants with scopes it holds itself; this key lacks "
                          + lacking.stream()
                              .map(scope -> "'" + scope + "'")
                              .collect(Collectors.joining(", ")),
                      lacking.stream()
                          .map(scope -> new ProblemDetail("scope", "missing_scope", scope))
                          .toList());
                }
              }
              return repository.revoke(caller.companyId(), id, mode);
            })
        .map(
            revoked -> {
              if (!revoked) {
                throw ApiException.notFound("OAuth grant");
              }
              return LocalResponse.noContent();
            })
        .onFailure(DatabaseOutage::is)
        .transform(GrantEndpoints::unavailable);
  }

  private static Principal requireManager(Principal principal) {
    if (!principal.isOwner() && !principal.scopes().contains(Scopes.MANAGE_KEYS)) {
      throw ApiException.missingScope(Scopes.MANAGE_KEYS);
    }
    return principal;
  }

  private static ApiException unavailable(Throwable cause) {
    return DatabaseOutage.unavailable(
        "OAuth grants cannot be managed right now; retry shortly", cause);
  }

  private static Integer intParam(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(values.get(0));
    } catch (NumberFormatException e) {
      throw ApiException.validation(
          Validation.detail(name, "invalid_type", values.get(0)),
          "Query parameter '" + name + "' must be an integer");
    }
  }

  /** A grant as listed: never a token. */
  public record GrantView(
      long id,
      String clientId,
      String clientName,
      List<String> scopes,
      String mode,
      String resource,
      Instant createdAt) {
    static GrantView of(OAuthRepository.Grant grant) {
      return new GrantView(
          grant.id(),
          grant.clientId(),
          grant.clientName(),
          grant.scopes(),
          grant.livemode() ? "live" : "test",
          grant.resource(),
          grant.createdAt());
    }
  }
}
