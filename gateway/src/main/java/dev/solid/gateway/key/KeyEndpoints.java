package dev.solid.gateway.key;

import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.gateway.auth.Principal;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.JsonBodies;
import dev.solid.gateway.http.Validation;
import dev.solid.gateway.proxy.ApiRequest;
import dev.solid.gateway.proxy.LocalResponse;
import dev.solid.gateway.resilience.DatabaseOutage;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * API key management under /api/v1/auth/keys. The owner manages every key; a key holding {@code
 * manage:keys} manages keys of its own mode, and only within its own scopes: it grants only scopes
 * it holds, and revokes only keys whose scopes it holds all of (or it could take away a broader
 * key's access, a way around "cannot create one"). PostgreSQL away or silent is a 503 with
 * Retry-After, as for authentication.
 */
@ApplicationScoped
public class KeyEndpoints {
  private final ApiKeyRepository keys;
  private final GatewayConfig config;
  private final JsonBodies bodies;

  public KeyEndpoints(ApiKeyRepository keys, GatewayConfig config, JsonBodies bodies) {
    this.keys = keys;
    this.config = config;
    this.bodies = bodies;
  }

  public Uni<LocalResponse> create(ApiRequest request) {
    Principal caller = requireManager(request.principal());
    CreateKeyRequest body = bodies.read(request.body(), CreateKeyRequest.class);
    // "mode" may be left out: keys are test keys unless asked otherwise (documented in the API).
    String mode = body.mode() == null ? "test" : body.mode();
    // An owner may give up to the configured ceiling; a key may not give more than it has itself,
    // or manage:keys would be a way around its own limit.
    int ceiling =
        caller.isOwner() ? config.maxKeyRateLimitPerMinute() : caller.rateLimitPerMinute();
    List<String> unknown =
        body.scopes() == null
            ? List.of()
            : body.scopes().stream().filter(s -> !Scopes.isKnown(s)).toList();
    new Validation()
        .required("name", body.name())
        .maxLength("name", body.name(), 100)
        .check(body.scopes() != null && !body.scopes().isEmpty(), "scopes", "required", null)
        .check(unknown.isEmpty(), "scopes", "unknown_scope", unknown)
        .check(mode.equals("test") || mode.equals("live"), "mode", "invalid_value", mode)
        .range("rate_limit_per_minute", body.rateLimitPerMinute(), 1, ceiling)
        .orThrow();
    boolean livemode = mode.equals("live");
    if (!caller.isOwner()) {
      if (caller.livemode() != livemode) {
        throw new ApiException(
            ErrorCode.FORBIDDEN,
            "A "
                + modeName(caller.livemode())
                + " key can only create "
                + modeName(caller.livemode())
                + " keys");
      }
      requireHeld(caller, body.scopes(), "grant scopes");
    }
    // A key left without a limit gets the plan's; a key whose own limit is below the plan's would
    // thereby hand out more than it has, so its own limit is written down instead.
    Integer rateLimit =
        body.rateLimitPerMinute() == null
                && !caller.isOwner()
                && caller.rateLimitPerMinute() < caller.planRateLimitPerMinute()
            ? Integer.valueOf(caller.rateLimitPerMinute())
            : body.rateLimitPerMinute();
    List<String> scopes = List.copyOf(new LinkedHashSet<>(body.scopes()));
    String secret = ApiKeyFormat.generate(livemode);
    return keys.countActive(caller.companyId())
        .flatMap(
            count -> {
              if (count >= config.maxKeysPerCompany()) {
                return Uni.createFrom()
                    .failure(
                        ApiException.conflict(
                            "This company already has "
                                + count
                                + " active keys, the most allowed; revoke unused ones first"));
              }
              return keys.insert(
                  caller.companyId(),
                  body.name().trim(),
                  ApiKeyFormat.displayPrefix(secret),
                  ApiKeyFormat.hash(secret),
                  livemode,
                  scopes,
                  rateLimit);
            })
        .map(
            key ->
                LocalResponse.of(
                        201, CreatedKeyView.of(key, secret, caller.planRateLimitPerMinute()))
                    .replayedAs(alreadyCreated(request, key)))
        .onFailure(DatabaseOutage::is)
        .transform(KeyEndpoints::unavailable);
  }

  /**
   * What a retry with the same Idempotency-Key answers: never the secret (it would sit in Redis for
   * 24 h), but a 409 naming the key, so a client that lost the first answer can revoke it and
   * create another.
   */
  private static LocalResponse alreadyCreated(ApiRequest request, ApiKey key) {
    return LocalResponse.problem(
        409,
        Problem.of(
            ErrorCode.CONFLICT,
            "API key "
                + key.id()
                + " ("
                + key.displayPrefix()
                + "…) was already created with this Idempotency-Key and its secret is shown only"
                + " once; list keys with GET /api/v1/auth/keys, and revoke it if the secret was"
                + " lost",
            null,
            request.requestId()));
  }

  public Uni<LocalResponse> list(ApiRequest request) {
    Principal caller = requireManager(request.principal());
    Map<String, List<String>> params =
        new QueryStringDecoder("?" + (request.query() == null ? "" : request.query())).parameters();
    PageRequest page = PageRequest.of(intParam(params, "limit"), intParam(params, "offset"));
    return keys.listActive(caller.companyId(), caller.isOwner() ? null : caller.livemode())
        .map(
            all -> {
              List<KeyView> items =
                  all.stream()
                      .skip(page.offset())
                      .limit(page.limit())
                      .map(key -> KeyView.of(key, caller.planRateLimitPerMinute()))
                      .toList();
              return LocalResponse.of(200, Page.of(items, all.size(), page));
            })
        .onFailure(DatabaseOutage::is)
        .transform(KeyEndpoints::unavailable);
  }

  public Uni<LocalResponse> revoke(ApiRequest request) {
    Principal caller = requireManager(request.principal());
    long id;
    try {
      id = Long.parseLong(request.pathVariable("id"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("API key");
    }
    Boolean mode = caller.isOwner() ? null : caller.livemode();
    return keys.find(caller.companyId(), id, mode)
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                throw ApiException.notFound("API key");
              }
              if (!caller.isOwner()) {
                requireHeld(caller, found.get().scopes(), "revoke keys with scopes");
              }
              // A key's scopes never change, so the check above still holds for the update.
              return keys.revoke(caller.companyId(), id, mode);
            })
        .map(
            revoked -> {
              if (revoked.isEmpty()) {
                throw ApiException.notFound("API key");
              }
              return LocalResponse.noContent();
            })
        .onFailure(DatabaseOutage::is)
        .transform(KeyEndpoints::unavailable);
  }

  /**
   * 403 unless the calling key holds every one of {@code scopes}, naming those it lacks: a key acts
   * on keys only within its own scopes.
   */
  private static void requireHeld(Principal caller, List<String> scopes, String action) {
    List<String> lacking =
        scopes.stream().distinct().filter(scope -> !caller.scopes().contains(scope)).toList();
    if (!lacking.isEmpty()) {
      throw new ApiException(
          ErrorCode.FORBIDDEN,
          "A key can only "
              + action
              + " it holds itself; this key lacks "
              + lacking.stream().map(scope -> "'" + scope + "'").collect(Collectors.joining(", ")),
          lacking.stream()
              .map(scope -> new ProblemDetail("scope", "missing_scope", scope))
              .toList());
    }
  }

  private static ApiException unavailable(Throwable cause) {
    return DatabaseOutage.unavailable("API keys cannot be managed right now; retry shortly", cause);
  }

  private static Principal requireManager(Principal principal) {
    if (!principal.isOwner() && !principal.scopes().contains(Scopes.MANAGE_KEYS)) {
      throw ApiException.missingScope(Scopes.MANAGE_KEYS);
    }
    return principal;
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

  private static String modeName(boolean livemode) {
    return livemode ? "live" : "test";
  }

  public record CreateKeyRequest(
      String name, List<String> scopes, String mode, Integer rateLimitPerMinute) {}

  /**
   * A key as listed: never the secret. {@code rate_limit_per_minute} is the key's effective limit
   * (its override, else the plan's).
   */
  public record KeyView(
      long id,
      String name,
      String prefix,
      List<String> scopes,
      String mode,
      Integer rateLimitPerMinute,
      Instant createdAt) {
    static KeyView of(ApiKey key, int planLimit) {
      return new KeyView(
          key.id(),
          key.name(),
          key.displayPrefix(),
          key.scopes(),
          modeName(key.livemode()),
          key.rateLimitPerMinute() == null ? planLimit : key.rateLimitPerMinute(),
          key.createdAt());
    }
  }

  /** A key as created: the only time the secret is shown. */
  public record CreatedKeyView(
      long id,
      String name,
      String key,
      String prefix,
      List<String> scopes,
      String mode,
      Integer rateLimitPerMinute,
      Instant createdAt) {
    static CreatedKeyView of(ApiKey key, String secret, int planLimit) {
      return new CreatedKeyView(
          key.id(),
          key.name(),
          secret,
          key.displayPrefix(),
          key.scopes(),
          modeName(key.livemode()),
          key.rateLimitPerMinute() == null ? planLimit : key.rateLimitPerMinute(),
          key.createdAt());
    }
  }
}
