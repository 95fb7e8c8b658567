package dev.solid.webhooks.endpoint;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.webhooks.config.WebhooksConfig;
import dev.solid.webhooks.endpoint.EndpointBodies.CreateEndpoint;
import dev.solid.webhooks.endpoint.EndpointBodies.CreatedEndpoint;
import dev.solid.webhooks.endpoint.EndpointBodies.EndpointView;
import dev.solid.webhooks.endpoint.EndpointBodies.RotatedSecret;
import dev.solid.webhooks.endpoint.EndpointBodies.UpdateEndpoint;
import dev.solid.webhooks.security.SecretCipher;
import dev.solid.webhooks.security.TargetResolver;
import dev.solid.webhooks.security.WebhookSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Registering, changing and removing webhook endpoints, with validation of what is sent. */
@ApplicationScoped
public class EndpointService {
  static final int MAX_URL_LENGTH = 2048;
  static final int MIN_SECRET_LENGTH = 16;
  static final int MAX_SECRET_LENGTH = 256;
  static final int MAX_DESCRIPTION_LENGTH = 500;

  private final EndpointRepository endpoints;
  private final SecretCipher cipher;
  private final TargetResolver resolver;
  private final WebhooksConfig config;

  public EndpointService(
      EndpointRepository endpoints,
      SecretCipher cipher,
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
    List<ProblemDetail> problems = new ArrayList<>();
    URI url = checkUrl(body.url(), true, problems);
    List<String> events = checkEvents(body.events(), true, problems);
    String secret = body.secret();
    if (secret != null
        && (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH)) {
      // The secret itself is never echoed in an error, only its length.
      problems.add(new ProblemDetail("secret", "invalid_length", secret.length()));
    }
    checkDescription(body.description(), problems);
    failOn(problems);
    String plain = secret == null ? WebhookSecrets.generate() : secret;
    return checkReachable(url)
        .chain(
            () ->
                endpoints.insertWithinLimit(
                    tenant,
                    url.toString(),
                    events,
                    body.description(),
                    cipher.encrypt(plain, tenant.companyId()),
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
    List<ProblemDetail> problems = new ArrayList<>();
    URI url = checkUrl(body.url(), false, problems);
    List<String> events = checkEvents(body.events(), false, problems);
    String description = body.description();
    checkDescription(description, problems);
    failOn(problems);
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
                    description))
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
        .rotateSecret(
            tenant, id, cipher.encrypt(secret, tenant.companyId()), config.secretRotationOverlap())
        .map(found -> new RotatedSecret(secret, orNotFound(found).previousSecretExpiresAt()));
  }

  /** The endpoint of the tenant, or 404. */
  public Uni<Endpoint> require(Tenant tenant, long id) {
    return endpoints.find(tenant, id).map(EndpointService::orNotFound);
  }

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

  private static URI checkUrl(String raw, boolean required, List<ProblemDetail> problems) {
    if (raw == null) {
      if (required) {
        problems.add(ProblemDetail.of("url", "required"));
      }
      return null;
    }
    if (raw.length() > MAX_URL_LENGTH) {
      problems.add(new ProblemDetail("url", "too_long", raw.length()));
      return null;
    }
    try {
      URI url = new URI(raw);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!url.isAbsolute()
          || !(scheme.equals("http") || scheme.equals("https"))
          || url.getHost() == null
          || url.getRawUserInfo() != null
          || url.getRawFragment() != null) {
        problems.add(new ProblemDetail("url", "invalid_url", raw));
        return null;
      }
      return url;
    } catch (URISyntaxException e) {
      problems.add(new ProblemDetail("url", "invalid_url", raw));
      return null;
    }
  }

  private static List<String> checkEvents(
      List<String> raw, boolean required, List<ProblemDetail> problems) {
    if (raw == null) {
      if (required) {
        problems.add(ProblemDetail.of("events", "required"));
      }
      return null;
    }
    if (raw.isEmpty()) {
      problems.add(ProblemDetail.of("events", "required"));
      return null;
    }
    LinkedHashSet<String> events = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String type = raw.get(i);
      if (EventCatalog.WILDCARD.equals(type)) {
        if (raw.size() > 1) {
          problems.add(new ProblemDetail("events[" + i + "]", "wildcard_not_alone", type));
        }
      } else if (type == null || !EventCatalog.isKnown(type)) {
        problems.add(new ProblemDetail("events[" + i + "]", "unknown_event_type", type));
      }
      if (type != null) {
        events.add(type);
      }
    }
    return List.copyOf(events);
  }

  private static void checkDescription(String description, List<ProblemDetail> problems) {
    if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
      problems.add(new ProblemDetail("description", "too_long", description.length()));
    }
  }

  private static void failOn(List<ProblemDetail> problems) {
    if (!problems.isEmpty()) {
      ProblemDetail first = problems.get(0);
      String message =
          switch (first.error()) {
            case "unknown_event_type" ->
                "Unknown event type '" + first.received() + "' in field '" + first.field() + "'";
            case "required" -> "Field '" + first.field() + "' is required";
            case "invalid_url" -> "Field 'url' must be an absolute http(s) URL without credentials";
            case "invalid_length" ->
                "secret".equals(first.field())
                    ? "Field 'secret' must be "
                        + MIN_SECRET_LENGTH
                        + " to "
                        + MAX_SECRET_LENGTH
                        + " characters long"
                    : "Field '" + first.field() + "' has an invalid length";
            default -> "Field '" + first.field() + "' is invalid (" + first.error() + ")";
          };
      throw ApiException.validation(message, problems);
    }
  }

  private static Endpoint orNotFound(java.util.Optional<Endpoint> found) {
    return found.orElseThrow(() -> ApiException.notFound("Webhook endpoint"));
  }
}
