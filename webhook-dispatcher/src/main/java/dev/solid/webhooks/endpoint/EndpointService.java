package dev.solid.webhooks.endpoint;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.crypto.TenantCipher;
import dev.solid.webhooks.config.WebhooksConfig;
import dev.solid.webhooks.endpoint.EndpointBodies.CreateEndpoint;
import dev.solid.webhooks.endpoint.EndpointBodies.CreatedEndpoint;
import dev.solid.webhooks.endpoint.EndpointBodies.EndpointView;
import dev.solid.webhooks.endpoint.EndpointBodies.RotatedSecret;
import dev.solid.webhooks.endpoint.EndpointBodies.UpdateEndpoint;
import dev.solid.webhooks.security.TargetResolver;
import dev.solid.webhooks.security.WebhookSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Registering, changing and removing webhook endpoints. Lengths and required fields are checked by
 * Bean Validation on the request records before this runs; here, what annotations cannot say
 * ({@link EndpointRules}) and the SSRF guard, which resolves the host.
 */
@ApplicationScoped
public class EndpointService {
  private final EndpointRepository endpoints;
  private final TenantCipher cipher;
  private final TargetResolver resolver;
  private final WebhooksConfig config;

  public EndpointService(
      EndpointRepository endpoints,
      TenantCipher cipher,
      TargetResolver resolver,
      WebhooksConfig config) {
    this.endpoints = endpoints;
    this.cipher = cipher;
    this.resolver = resolver;
    this.config = config;
  }

  public Uni<CreatedEndpoint> create(Tenant tenant, CreateEndpoint body) {
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    EndpointRules rules = new EndpointRules();
    URI url = rules.url(body.url());
    List<String> events = rules.events(body.events());
    rules.failOnProblems();
    String plain = body.secret() == null ? WebhookSecrets.generate() : body.secret();
    return checkReachable(url)
        .chain(
            () ->
                endpoints.insertWithinLimit(
                    tenant,
                    url.toString(),
                    events,
                    body.description(),
                    seal(plain, tenant),
                    config.maxEndpointsPerCompany()))
        .map(
            created ->
                created
                    .map(e -> CreatedEndpoint.of(e, plain))
                    .orElseThrow(
                        () ->
                            new ApiException(
                                ErrorCode.ENDPOINT_LIMIT_REACHED,
                                "A company may register at most "
                                    + config.maxEndpointsPerCompany()
                                    + " webhook endpoints; delete one first")));
  }

  public Uni<Page<EndpointView>> list(Tenant tenant, PageRequest page) {
    return endpoints
        .list(tenant, page)
        .chain(
            items ->
                endpoints
                    .count(tenant)
                    .map(
                        total ->
                            Page.of(items.stream().map(EndpointView::of).toList(), total, page)));
  }

  public Uni<EndpointView> get(Tenant tenant, long id) {
    return endpoints.find(tenant, id).map(found -> EndpointView.of(orNotFound(found)));
  }

  /** Applies a PATCH; {@code descriptionSent} tells an explicit null (clear) from an omission. */
  public Uni<EndpointView> update(
      Tenant tenant, long id, UpdateEndpoint body, boolean descriptionSent) {
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    EndpointRules rules = new EndpointRules();
    URI url = body.url() == null ? null : rules.url(body.url());
    List<String> events = body.events() == null ? null : rules.events(body.events());
    rules.failOnProblems();
    Uni<Void> reachable = url == null ? Uni.createFrom().voidItem() : checkReachable(url);
    return reachable
        .chain(
            () ->
                endpoints.update(
                    tenant,
                    id,
                    url == null ? null : url.toString(),
                    events,
                    body.enabled(),
                    descriptionSent,
                    body.description()))
        .map(found -> EndpointView.of(orNotFound(found)));
  }

  public Uni<Void> delete(Tenant tenant, long id) {
    return endpoints
        .delete(tenant, id)
        .map(
            deleted -> {
              if (!deleted) {
                throw ApiException.notFound("Webhook endpoint");
              }
              return null;
            });
  }

  public Uni<RotatedSecret> rotateSecret(Tenant tenant, long id) {
    String secret = WebhookSecrets.generate();
    return endpoints
        .rotateSecret(tenant, id, seal(secret, tenant), config.secretRotationOverlap())
        .map(found -> new RotatedSecret(secret, orNotFound(found).previousSecretExpiresAt()));
  }

  /** The endpoint of the tenant, or 404. */
  public Uni<Endpoint> require(Tenant tenant, long id) {
    return endpoints.find(tenant, id).map(EndpointService::orNotFound);
  }

  private byte[] seal(String secret, Tenant tenant) {
    return cipher.seal(secret.getBytes(StandardCharsets.UTF_8), tenant.companyId());
  }

  /** The SSRF guard at registration: the host resolves, and only to allowed addresses. */
  private Uni<Void> checkReachable(URI url) {
    return resolver
        .resolve(url)
        .onFailure(TargetResolver.RefusedTarget.class)
        .transform(
            e -> {
              var refused = (TargetResolver.RefusedTarget) e;
              return ApiException.validation(
                  new ProblemDetail("url", refused.error(), url.toString()),
                  "Field 'url' is not allowed: " + refused.getMessage());
            })
        .replaceWithVoid();
  }

  private static Endpoint orNotFound(Optional<Endpoint> found) {
    return found.orElseThrow(() -> ApiException.notFound("Webhook endpoint"));
  }
}
