package dev.solid.webhooks.endpoint;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Request and response bodies of the endpoints API. */
public final class EndpointBodies {
  private EndpointBodies() {}

  /** {@code POST /api/v1/webhooks}. */
  public record CreateEndpoint(
      String url, List<String> events, String secret, String description) {}

  /**
   * {@code PATCH /api/v1/webhooks/{id}}: an omitted field is left unchanged. {@code description} is
   * the one field that may be cleared, so it must tell omitted from null: Jackson gives an absent
   * Optional property as null and an explicit JSON null as {@code Optional.empty()}.
   */
  public record UpdateEndpoint(
      String url, List<String> events, Boolean enabled, Optional<String> description) {}

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
