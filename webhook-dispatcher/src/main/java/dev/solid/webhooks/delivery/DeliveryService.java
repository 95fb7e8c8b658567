package dev.solid.webhooks.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.webhooks.delivery.DeliveryBodies.DeliveryDetail;
import dev.solid.webhooks.delivery.DeliveryBodies.DeliveryView;
import dev.solid.webhooks.endpoint.Endpoint;
import dev.solid.webhooks.endpoint.EndpointService;
import dev.solid.webhooks.endpoint.EventCatalog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The delivery log of an endpoint, replays and test events. */
@ApplicationScoped
public class DeliveryService {
  private final DeliveryRepository deliveries;
  private final EndpointService endpoints;
  private final DeliveryDispatcher dispatcher;
  private final RetryPolicy retries;
  private final ObjectMapper json;

  public DeliveryService(
      DeliveryRepository deliveries,
      EndpointService endpoints,
      DeliveryDispatcher dispatcher,
      RetryPolicy retries,
      ObjectMapper json) {
    this.deliveries = deliveries;
    this.endpoints = endpoints;
    this.dispatcher = dispatcher;
    this.retries = retries;
    this.json = json;
  }

  public Uni<Page<DeliveryView>> list(
      Tenant tenant, long endpointId, String status, String event, PageRequest page) {
    if (status != null && !DeliveryStatus.ALL.contains(status)) {
      throw ApiException.validation(
          new ProblemDetail("status", "invalid_value", status),
          "Query parameter 'status' must be one of pending, delivered, failed");
    }
    return endpoints
        .require(tenant, endpointId)
        .chain(() -> deliveries.list(tenant, endpointId, status, event, page))
        .chain(
            items ->
                deliveries
                    .count(tenant, endpointId, status, event)
                    .map(
                        total ->
                            Page.of(items.stream().map(DeliveryView::of).toList(), total, page)));
  }

  public Uni<DeliveryDetail> get(Tenant tenant, long endpointId, long id) {
    return deliveries
        .find(tenant, endpointId, id)
        .map(DeliveryService::orNotFound)
        .chain(d -> deliveries.attempts(tenant, d.id()).map(a -> DeliveryDetail.of(d, a)));
  }

  /** Sends the stored bytes again now, as one more attempt. */
  public Uni<DeliveryView> replay(Tenant tenant, long endpointId, long id) {
    return endpoints
        .require(tenant, endpointId)
        .invoke(DeliveryService::requireEnabled)
        .chain(() -> deliveries.replay(tenant, endpointId, id))
        .map(DeliveryService::orNotFound)
        .invoke(dispatcher::wake)
        .map(DeliveryView::of);
  }

  /** Creates a {@code webhook.test} event for this endpoint only and sends it now. */
  public Uni<DeliveryView> sendTest(Tenant tenant, long endpointId) {
    return endpoints
        .require(tenant, endpointId)
        .invoke(DeliveryService::requireEnabled)
        .chain(
            endpoint -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("endpoint_id", endpoint.id());
              data.put("message", "This is a test event from Solid.");
              EventEnvelope event =
                  new EventEnvelope(
                      EventEnvelope.newId(),
                      EventCatalog.WEBHOOK_TEST,
                      Instant.now().truncatedTo(ChronoUnit.MILLIS),
                      tenant.companyId(),
                      tenant.livemode(),
                      data);
              return deliveries.createFor(
                  tenant,
                  endpointId,
                  event.id(),
                  event.event(),
                  WebhookPayload.of(json, event),
                  retries.maxAttempts());
            })
        .map(DeliveryService::orNotFound)
        .invoke(dispatcher::wake)
        .map(DeliveryView::of);
  }

  private static void requireEnabled(Endpoint endpoint) {
    if (!endpoint.enabled()) {
      throw ApiException.conflict("The webhook endpoint is disabled; enable it first");
    }
  }

  private static Delivery orNotFound(Optional<Delivery> found) {
    return found.orElseThrow(() -> ApiException.notFound("Delivery"));
  }
}
