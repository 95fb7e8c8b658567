package dev.solid.webhooks.delivery;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.Problem;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.webhooks.delivery.DeliveryBodies.DeliveryDetail;
import dev.solid.webhooks.delivery.DeliveryBodies.DeliveryView;
import dev.solid.webhooks.tenant.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The delivery log of one endpoint, replay, and test events; needs manage:webhooks. */
@Path("/api/v1/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Webhooks")
public class DeliveryResource {
  private final DeliveryService service;
  private final CurrentCaller caller;

  public DeliveryResource(DeliveryService service, CurrentCaller caller) {
    this.service = service;
    this.caller = caller;
  }

  @GET
  @Path("{endpoint_id}/deliveries")
  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "List an endpoint's deliveries",
      description =
          "Newest first: one delivery per event sent to this endpoint, with its status and"
              + " attempt count. Needs manage:webhooks.")
  @APIResponse(responseCode = "200", description = "A page of deliveries")
  public Uni<Page<DeliveryView>> list(
      @Parameter(description = "Endpoint id") @PathParam("endpoint_id") long endpointId,
      @Parameter(
              description = "Only deliveries in this status",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"pending", "delivered", "failed"}))
          @QueryParam("status")
          String status,
      @Parameter(description = "Only deliveries of this event type, e.g. contact.created")
          @QueryParam("event")
          String event,
      @Parameter(description = "Page size, 1 to 200 (default 50)") @QueryParam("limit")
          Integer limit,
      @Parameter(description = "Items to skip (default 0)") @QueryParam("offset") Integer offset) {
    Caller c = allowed();
    return service.list(c.tenant(), endpointId, status, event, PageRequest.of(limit, offset));
  }

  @GET
  @Path("{endpoint_id}/deliveries/{delivery_id}")
  @Operation(
      operationId = "getWebhookDelivery",
      summary = "Get a delivery with its attempts",
      description =
          "The exact payload sent (identical on every retry and replay) and every attempt: when,"
              + " the status and first 2 KB of the answer, how long it took, or the error. Needs"
              + " manage:webhooks.")
  @APIResponse(responseCode = "200", description = "The delivery and its attempts")
  public Uni<DeliveryDetail> get(
      @Parameter(description = "Endpoint id") @PathParam("endpoint_id") long endpointId,
      @Parameter(description = "Delivery id") @PathParam("delivery_id") long deliveryId) {
    return service.get(allowed().tenant(), endpointId, deliveryId);
  }

  @POST
  @Path("{endpoint_id}/deliveries/{delivery_id}/replay")
  @ResponseStatus(202)
  @Operation(
      operationId = "replayWebhookDelivery",
      summary = "Send a delivery again",
      description =
          "Accepts one more attempt with the same bytes and signatures over them, sent right"
              + " away (after an attempt in flight, if any) and logged as manual. Needs"
              + " manage:webhooks.")
  @APIResponse(
      responseCode = "202",
      description = "The delivery, pending again; the attempt follows shortly",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DeliveryView.class)))
  @APIResponse(
      responseCode = "409",
      description = "The endpoint is disabled; enable it first",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<DeliveryView> replay(
      @Parameter(description = "Endpoint id") @PathParam("endpoint_id") long endpointId,
      @Parameter(description = "Delivery id") @PathParam("delivery_id") long deliveryId) {
    return service.replay(allowed().tenant(), endpointId, deliveryId);
  }

  @POST
  @Path("{endpoint_id}/test")
  @ResponseStatus(202)
  @Operation(
      operationId = "sendWebhookTest",
      summary = "Send a test event to an endpoint",
      description =
          "Accepts a webhook.test event for this endpoint only, sent right away and signed like"
              + " every delivery: a way to check your receiver and its signature verification."
              + " Needs manage:webhooks.")
  @APIResponse(
      responseCode = "202",
      description = "The test delivery, pending; follow it in the delivery log",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DeliveryView.class)))
  @APIResponse(
      responseCode = "409",
      description = "The endpoint is disabled; enable it first",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<DeliveryView> test(
      @Parameter(description = "Endpoint id") @PathParam("endpoint_id") long endpointId) {
    return service.sendTest(allowed().tenant(), endpointId);
  }

  private Caller allowed() {
    return caller.get().requireScope(Scopes.MANAGE_WEBHOOKS);
  }
}
