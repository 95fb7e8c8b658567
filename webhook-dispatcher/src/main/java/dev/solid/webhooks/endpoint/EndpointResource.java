package dev.solid.webhooks.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.Problem;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.webhooks.endpoint.EndpointBodies.CreateEndpoint;
import dev.solid.webhooks.endpoint.EndpointBodies.CreatedEndpoint;
import dev.solid.webhooks.endpoint.EndpointBodies.EndpointView;
import dev.solid.webhooks.endpoint.EndpointBodies.RotatedSecret;
import dev.solid.webhooks.endpoint.EndpointBodies.UpdateEndpoint;
import dev.solid.webhooks.tenant.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Webhook endpoints of the caller's company and mode; every operation needs manage:webhooks. */
@Path("/api/v1/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Signed HTTP callbacks for the events of your company")
public class EndpointResource {
  /** The registration body of the seeds' webhook walkthrough. */
  static final String SEED_REGISTRATION =
      """
      {
        "url": "https://your-app.example.com/webhooks/crm",
        "events": ["message.received", "lead.scored", "sequence.completed", "contact.created"],
        "secret": "your-chosen-signing-secret"
      }""";

  private final EndpointService service;
  private final CurrentCaller caller;
  private final ObjectMapper json;
  private final Validator validator;

  public EndpointResource(
      EndpointService service, CurrentCaller caller, ObjectMapper json, Validator validator) {
    this.service = service;
    this.caller = caller;
    this.json = json;
    this.validator = validator;
  }

  @POST
  @ResponseStatus(201)
  @Operation(
      operationId = "createWebhookEndpoint",
      summary = "Register a webhook endpoint",
      description =
          "Subscribes a URL to events of your company (in the mode of your key). Every delivery is"
              + " a POST signed with the endpoint's secret: X-Solid-Signature (hex HMAC-SHA256 of"
              + " the raw body), X-Signature (sha256=<hex>) and the Standard Webhooks headers."
              + " Choose a secret of 16 to 256 characters, or omit it to get a generated one. The"
              + " secret is shown only in this answer. Needs manage:webhooks.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreateEndpoint.class),
              examples =
                  @ExampleObject(
                      name = "subscribe",
                      summary = "Subscribe to CRM and messaging events",
                      value = SEED_REGISTRATION)))
  @APIResponse(
      responseCode = "201",
      description = "The endpoint, with its signing secret (shown only here)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreatedEndpoint.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "endpoint_limit_reached: the company already has the most endpoints allowed (50 by"
              + " default); delete one first",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<CreatedEndpoint> create(@Valid CreateEndpoint body) {
    return service.create(allowed().tenant(), body);
  }

  @GET
  @Operation(
      operationId = "listWebhookEndpoints",
      summary = "List webhook endpoints",
      description = "Oldest first, in the mode of your key. Needs manage:webhooks.")
  @APIResponse(responseCode = "200", description = "A page of endpoints")
  public Uni<Page<EndpointView>> list(
      @Parameter(description = "Page size, 1 to 200 (default 50)") @QueryParam("limit")
          Integer limit,
      @Parameter(description = "Items to skip (default 0)") @QueryParam("offset") Integer offset) {
    Caller c = allowed();
    return service.list(c.tenant(), PageRequest.of(limit, offset));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getWebhookEndpoint",
      summary = "Get a webhook endpoint",
      description = "The endpoint without its secret. Needs manage:webhooks.")
  @APIResponse(responseCode = "200", description = "The endpoint")
  public Uni<EndpointView> get(@Parameter(description = "Endpoint id") @PathParam("id") long id) {
    return service.get(allowed().tenant(), id);
  }

  @PATCH
  @Path("{id}")
  @Operation(
      operationId = "updateWebhookEndpoint",
      summary = "Change a webhook endpoint",
      description =
          "Changes only the fields sent: url, events, enabled, description (null clears the"
              + " description). Setting enabled to true resumes an endpoint that was disabled"
              + " automatically. Needs manage:webhooks.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = UpdateEndpoint.class),
              examples =
                  @ExampleObject(
                      name = "pause",
                      summary = "Pause deliveries",
                      value = "{\"enabled\": false}")))
  @APIResponse(responseCode = "200", description = "The endpoint as changed")
  public Uni<EndpointView> update(
      @Parameter(description = "Endpoint id") @PathParam("id") long id, ObjectNode body)
      throws JsonProcessingException {
    Caller c = allowed();
    // Read as a JSON tree first: only the tree tells "description": null (clear it) from a PATCH
    // that leaves it out. Type errors surface as Jackson exceptions, which become 422s; the
    // record's constraints are checked here, since no @Valid parameter carries them.
    UpdateEndpoint patch = body == null ? null : json.treeToValue(body, UpdateEndpoint.class);
    if (patch != null) {
      Set<ConstraintViolation<UpdateEndpoint>> violations = validator.validate(patch);
      if (!violations.isEmpty()) {
        throw new ConstraintViolationException(violations);
      }
    }
    return service.update(c.tenant(), id, patch, body != null && body.has("description"));
  }

  @DELETE
  @Path("{id}")
  @ResponseStatus(204)
  @Operation(
      operationId = "deleteWebhookEndpoint",
      summary = "Delete a webhook endpoint",
      description =
          "Stops every delivery to it at once; its delivery log goes with it. Needs"
              + " manage:webhooks.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Uni<Void> delete(@Parameter(description = "Endpoint id") @PathParam("id") long id) {
    return service.delete(allowed().tenant(), id);
  }

  @POST
  @Path("{id}/rotate-secret")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "rotateWebhookSecret",
      summary = "Rotate an endpoint's signing secret",
      description =
          "Generates a new secret, shown only in this answer. X-Solid-Signature and X-Signature"
              + " use the new secret at once; the previous one keeps signing"
              + " X-Solid-Signature-Previous and an extra webhook-signature entry until"
              + " previous_secret_expires_at (24 hours), so receivers can switch without losing"
              + " events. Needs manage:webhooks.")
  @APIResponse(
      responseCode = "200",
      description = "The new secret and when the previous one stops signing")
  public Uni<RotatedSecret> rotateSecret(
      @Parameter(description = "Endpoint id") @PathParam("id") long id) {
    return service.rotateSecret(allowed().tenant(), id);
  }

  private Caller allowed() {
    return caller.get().requireScope(Scopes.MANAGE_WEBHOOKS);
  }
}
