package dev.solid.webhooks.endpoint;

import java.time.OffsetDateTime;
import java.util.List;

/** Request and response bodies of the endpoints API. */
public final class EndpointBodies {
  private EndpointBodies() {}

  /** {@code POST /api/v1/webhooks}. */
  public record CreateEndpoint(
      String url, List<String> events, String secret, String description) {}

  /**
   * {@code PATCH /api/v1/webhooks/{id}}: an omitted field is left unchanged. {@code description} is
   * the one field a null clears; whether it was sent is read from the JSON tree (see
   * EndpointResource#update), since a record cannot tell omitted from null.
   */
  public record UpdateEndpoint(
      String url, List<String> events, Boolean enabled, String description) {}

  /** An endpoint as the API shows it; never with its secret. */
  public record EndpointView(
      long id,
      String url,
      List<String> events,
      String description,
      boolean enabled,
      String disabledReason,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static EndpointView of(Endpoint e) {
      return new EndpointView(
          e.id(),
          e.url(),
          e.events(),
          e.description(),
          e.enabled(),
          e.disabledReason(),
          e.createdAt(),
          e.updatedAt());
    }
  }

  /** The create response: the only time the secret is shown. */
  public record CreatedEndpoint(
      long id,
      String url,
      List<String> events,
      String description,
      boolean enabled,
      String secret,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static CreatedEndpoint of(Endpoint e, String secret) {
      return new CreatedEndpoint(
          e.id(),
          e.url(),
          e.events(),
          e.description(),
          e.enabled(),
          secret,
          e.createdAt(),
          e.updatedAt());
    }
  }

  /** The rotate-secret response. */
  public record RotatedSecret(String secret, OffsetDateTime previousSecretExpiresAt) {}
}
