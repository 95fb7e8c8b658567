package dev.solid.payments.stripe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.processor.StripeWire;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Stripe's webhook endpoint. Public: the gateway's public route {@code POST
 * /api/v1/gateway/stripe/webhook} forwards it here at the same path with no internal JWT, and it
 * must pass the body through byte for byte (no JSON re-encoding, no charset change, no
 * decompression after signing), since the signature covers the raw bytes. Nothing here trusts the
 * caller: the {@code Stripe-Signature} is checked against {@code
 * solid.payments.stripe.webhook-secret} before the body is even parsed; an unsigned, tampered,
 * wrongly signed or stale request is 400 and changes nothing.
 */
@Path("/api/v1/gateway/stripe/webhook")
@ApplicationScoped
@PermitAll
@Tag(name = "Processor webhooks", description = "Callbacks from the payment processor")
public class StripeWebhookResource {
  private final StripeWebhooks webhooks;
  private final PaymentsConfig.Stripe config;
  private final ObjectMapper json;

  public StripeWebhookResource(StripeWebhooks webhooks, PaymentsConfig config, ObjectMapper json) {
    this.webhooks = webhooks;
    this.config = config.stripe();
    this.json = json;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "receiveStripeEvent",
      summary = "Receive a Stripe event",
      description =
          "Register this URL as the Stripe webhook endpoint of the platform's account (events"
              + " payment_intent.succeeded, payment_intent.payment_failed, charge.refunded,"
              + " refund.updated, refund.failed, checkout.session.completed,"
              + " checkout.session.expired). Needs no API key: each request is verified with"
              + " Stripe-Signature (HMAC-SHA256 with the endpoint's signing secret, at most 5"
              + " minutes old). Each event is applied once; a redelivery, an event of another type"
              + " or about an object this platform does not know is acknowledged with 200.")
  @SecurityRequirements()
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT, description = "A Stripe Event object")))
  @APIResponse(
      responseCode = "200",
      description = "Received (applied now, or before)",
      content = @Content(mediaType = MediaType.APPLICATION_JSON))
  @APIResponse(responseCode = "400", description = "Missing, wrong or stale signature; not applied")
  public Uni<Map<String, Object>> receive(
      @Parameter(description = "Stripe's signature of the raw body: t=<unix time>,v1=<hex>")
          @HeaderParam("Stripe-Signature")
          String signature,
      byte[] body) {
    String secret =
        config
            .webhookSecret()
            .filter(value -> !value.isBlank())
            .orElseThrow(
                () ->
                    ApiException.unavailable(
                        "Stripe webhooks are not configured on this platform (no signing secret)",
                        60));
    StripeSignature.verify(
        body == null ? new byte[0] : body,
        signature,
        secret,
        config.webhookTolerance(),
        Instant.now());
    StripeWire.Event event;
    try {
      event = json.readValue(body, StripeWire.Event.class);
    } catch (IOException | RuntimeException e) {
      throw ApiException.badRequest("The body is not a Stripe event");
    }
    if (event == null || event.id() == null || event.type() == null) {
      throw ApiException.badRequest("The body is not a Stripe event (no id or type)");
    }
    return webhooks.apply(event).replaceWith(Map.of("received", true));
  }
}
