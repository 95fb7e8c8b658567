package dev.solid.webhooks.endpoint;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Request and response bodies of the endpoints API. The request records carry the rules an
 * annotation can state (Bean Validation, turned into 422 {@code details} by the kit); the URL's
 * form and target and the event names against the catalog are checked by {@link EndpointService}.
 */
public final class EndpointBodies {
  /** Longest URL accepted (what browsers and proxies reliably carry). */
  public static final int MAX_URL_LENGTH = 2048;

  /** Longest description. */
  public static final int MAX_DESCRIPTION_LENGTH = 500;

  /** Most event types in one subscription (the catalog has fewer; duplicates are merged). */
  public static final int MAX_EVENTS = 100;

  /** Shortest chosen secret: shorter ones are guessable. */
  public static final int MIN_SECRET_LENGTH = 16;

  /** Longest chosen secret. */
  public static final int MAX_SECRET_LENGTH = 256;

  private EndpointBodies() {}

  /** {@code POST /api/v1/webhooks}. */
  public record CreateEndpoint(
      @Schema(description = "Absolute http(s) URL that receives the events")
          @NotBlank
          @Size(max = MAX_URL_LENGTH, message = "must be at most {max} characters long")
          String url,
      @Schema(
              description =
                  "Event types to receive (see the event catalog), or exactly [\"*\"] for every"
                      + " event")
          @NotEmpty
          @Size(max = MAX_EVENTS, message = "must list at most {max} event types")
          List<String> events,
      @Schema(
              description =
                  "Signing secret of your choice; when omitted one is generated (whsec_…) and"
                      + " shown once in the answer")
          @Size(
              min = MIN_SECRET_LENGTH,
              max = MAX_SECRET_LENGTH,
              message = "must be {min} to {max} characters long")
          String secret,
      @Schema(description = "Free text for your own reference")
          @Size(max = MAX_DESCRIPTION_LENGTH, message = "must be at most {max} characters long")
          String description) {}

  /**
   * {@code PATCH /api/v1/webhooks/{id}}: an omitted field is left unchanged. {@code description} is
   * the one field a null clears; whether it was sent is read from the JSON tree (see
   * EndpointResource#update), since a record cannot tell omitted from null.
   */
  public record UpdateEndpoint(
      @Schema(description = "New absolute http(s) URL")
          @Size(max = MAX_URL_LENGTH, message = "must be at most {max} characters long")
          String url,
      @Schema(description = "New event types (replace the old ones), or exactly [\"*\"]")
          @Size(max = MAX_EVENTS, message = "must list at most {max} event types")
          List<String> events,
      @Schema(description = "false pauses deliveries; true resumes them and clears disabled_reason")
          Boolean enabled,
      @Schema(description = "New description; null clears it")
          @Size(max = MAX_DESCRIPTION_LENGTH, message = "must be at most {max} characters long")
          String description) {}

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
