package dev.solid.webhooks.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
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
import org.jboss.resteasy.reactive.ResponseStatus;

/** Webhook endpoints of the caller's company and mode; every operation needs manage:webhooks. */
@Path("/api/v1/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EndpointResource {
  private final EndpointService service;
  private final CurrentCaller caller;
  private final ObjectMapper json;

  public EndpointResource(EndpointService service, CurrentCaller caller, ObjectMapper json) {
    this.service = service;
    this.caller = caller;
    this.json = json;
  }

  @POST
  @ResponseStatus(201)
  public Uni<CreatedEndpoint> create(CreateEndpoint body) {
    return service.create(allowed().tenant(), body);
  }

  @GET
  public Uni<Page<EndpointView>> list(
      @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
    Caller c = allowed();
    return service.list(c.tenant(), PageRequest.of(limit, offset));
  }

  @GET
  @Path("{id}")
  public Uni<EndpointView> get(@PathParam("id") long id) {
    return service.get(allowed().tenant(), id);
  }

  @PATCH
  @Path("{id}")
  public Uni<EndpointView> update(@PathParam("id") long id, ObjectNode body)
      throws JsonProcessingException {
    Caller c = allowed();
    // Read as a JSON tree first: only the tree tells "description": null (clear it) from a PATCH
    // that leaves it out. Type errors surface as Jackson exceptions, which become 422s.
    UpdateEndpoint patch = body == null ? null : json.treeToValue(body, UpdateEndpoint.class);
    return service.update(c.tenant(), id, patch, body != null && body.has("description"));
  }

  @DELETE
  @Path("{id}")
  @ResponseStatus(204)
  public Uni<Void> delete(@PathParam("id") long id) {
    return service.delete(allowed().tenant(), id);
  }

  @POST
  @Path("{id}/rotate-secret")
  @Consumes(MediaType.WILDCARD)
  public Uni<RotatedSecret> rotateSecret(@PathParam("id") long id) {
    return service.rotateSecret(allowed().tenant(), id);
  }

  private Caller allowed() {
    return caller.get().requireScope(Scopes.MANAGE_WEBHOOKS);
  }
}
