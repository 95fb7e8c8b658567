package dev.solid.webhooks.delivery;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
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
import org.jboss.resteasy.reactive.ResponseStatus;

/** The delivery log of one endpoint, replay, and test events; needs manage:webhooks. */
@Path("/api/v1/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DeliveryResource {
  private final DeliveryService service;
  private final CurrentCaller caller;

  public DeliveryResource(DeliveryService service, CurrentCaller caller) {
    this.service = service;
    this.caller = caller;
  }

  @GET
  @Path("{endpoint_id}/deliveries")
  public Uni<Page<DeliveryView>> list(
      @PathParam("endpoint_id") long endpointId,
      @QueryParam("status") String status,
      @QueryParam("event") String event,
      @QueryParam("limit") Integer limit,
      @QueryParam("offset") Integer offset) {
    Caller c = allowed();
    return service.list(c.tenant(), endpointId, status, event, PageRequest.of(limit, offset));
  }

  @GET
  @Path("{endpoint_id}/deliveries/{delivery_id}")
  public Uni<DeliveryDetail> get(
      @PathParam("endpoint_id") long endpointId, @PathParam("delivery_id") long deliveryId) {
    return service.get(allowed().tenant(), endpointId, deliveryId);
  }

  @POST
  @Path("{endpoint_id}/deliveries/{delivery_id}/replay")
  @ResponseStatus(202)
  public Uni<DeliveryView> replay(
      @PathParam("endpoint_id") long endpointId, @PathParam("delivery_id") long deliveryId) {
    return service.replay(allowed().tenant(), endpointId, deliveryId);
  }

  @POST
  @Path("{endpoint_id}/test")
  @ResponseStatus(202)
  public Uni<DeliveryView> test(@PathParam("endpoint_id") long endpointId) {
    return service.sendTest(allowed().tenant(), endpointId);
  }

  private Caller allowed() {
    return caller.get().requireScope(Scopes.MANAGE_WEBHOOKS);
  }
}
