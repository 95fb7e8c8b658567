package dev.solid.payments.order;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.http.Params;
import dev.solid.payments.charge.Refund;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Orders (seed 000's {@code /api/v1/orders/}): reading needs read:payments, everything else
 * write:payments. Test keys charge the simulated processor, live keys Stripe.
 */
@Path("/api/v1/orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Orders", description = "Orders, their payments and refunds")
public class OrderResource {
  private final Caller caller;
  private final JsonWebToken jwt;
  private final OrderService orders;
  private final OrderRefunds refunds;

  public OrderResource(Caller caller, JsonWebToken jwt, OrderService orders, OrderRefunds refunds) {
    this.caller = caller;
    this.jwt = jwt;
    this.orders = orders;
    this.refunds = refunds;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createOrder",
      summary = "Create an order",
      description =
          "A pending order of the contact, for `amount` cents (or the sum of `line_items`)."
              + " Pay it with `POST /api/v1/orders/{id}/pay`. The contact must exist in the"
              + " company (checked with the CRM, which needs read:contacts). Needs write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OrderRequest.class),
              examples = {
                @ExampleObject(
                    name = "minimal",
                    summary = "A contact and an amount",
                    value = "{\"contact_id\": 42, \"amount\": 120000}"),
                @ExampleObject(
                    name = "lines",
                    summary = "With line items and a sales rep",
                    value =
                        "{\"contact_id\": 42, \"currency\": \"usd\", \"line_items\":"
                            + " [{\"description\": \"Onboarding\", \"quantity\": 1,"
                            + " \"unit_amount\": 50000}, {\"description\": \"Seats\","
                            + " \"quantity\": 10, \"unit_amount\": 7000}],"
                            + " \"sales_rep\": \"dana@acme.test\"}")
              }))
  @APIResponse(
      responseCode = "201",
      description = "The order, pending",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OrderResponse.class)))
  public Uni<RestResponse<OrderResponse>> create(@Valid OrderRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return orders
        .create(writer.tenant(), body, "Bearer " + jwt.getRawToken())
        .map(order -> RestResponse.status(RestResponse.Status.CREATED, order));
  }

  @GET
  @Operation(
      operationId = "listOrders",
      summary = "List orders",
      description = "Newest first, optionally by status and contact. Needs read:payments.")
  @APIResponse(responseCode = "200", description = "One page of orders")
  public Uni<Page<OrderResponse>> list(
      @Parameter(
              description = "pending, paid, partially_refunded, refunded or canceled",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("status")
          String status,
      @Parameter(
              description = "Only this contact's orders",
              schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("contact_id")
          String contactId,
      @Parameter(
              description = "Page size, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "Items to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
          @QueryParam("offset")
          String offset) {
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return orders.list(
        reader.tenant(),
        status == null || status.isBlank() ? null : status.strip(),
        Params.longValue("contact_id", contactId),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getOrder",
      summary = "Get an order",
      description = "The order with its payments and refunds. Needs read:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OrderResponse.class)))
  public Uni<OrderResponse> get(@PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return orders.get(reader.tenant(), Params.id("order", id));
  }

  @POST
  @Path("{id}/pay")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "payOrder",
      summary = "Pay an order",
      description =
          "Charges the order's amount. Test mode: a test card (`4242424242424242`,"
              + " `pm_card_visa`…; see the README for the declining ones). Live mode: a Stripe"
              + " payment method id; card numbers are refused. A decline is 402 `payment_failed`"
              + " with the processor's `decline_code`; the order stays pending. Needs"
              + " write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PayRequest.class),
              examples =
                  @ExampleObject(name = "visa", value = "{\"payment_method\": \"pm_card_visa\"}")))
  @APIResponse(
      responseCode = "200",
      description = "The paid order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OrderResponse.class)))
  @APIResponse(responseCode = "402", description = "The charge was declined")
  public Uni<OrderResponse> pay(@PathParam("id") String id, @Valid PayRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return orders.pay(writer.tenant(), Params.id("order", id), body.paymentMethod());
  }

  @POST
  @Path("{id}/cancel")
  @Operation(
      operationId = "cancelOrder",
      summary = "Cancel an order",
      description = "Only a pending order with nothing paid. Needs write:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The canceled order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OrderResponse.class)))
  public Uni<OrderResponse> cancel(@PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    return orders.cancel(writer.tenant(), Params.id("order", id));
  }

  @POST
  @Path("{id}/refunds")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "refundOrder",
      summary = "Refund an order",
      description =
          "Refunds `amount` cents (all that is left when absent). Refunds never add up to more"
              + " than was paid. Needs write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RefundRequest.class),
              examples =
                  @ExampleObject(
                      name = "partial",
                      value = "{\"amount\": 20000, \"reason\": \"requested_by_customer\"}")))
  @APIResponse(
      responseCode = "201",
      description = "The refund",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Refund.class)))
  public Uni<RestResponse<Refund>> refund(@PathParam("id") String id, @Valid RefundRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    RefundRequest request = body == null ? new RefundRequest(null, null) : body;
    return refunds
        .refund(writer.tenant(), Params.id("order", id), request.amount(), request.reason())
        .map(refund -> RestResponse.status(RestResponse.Status.CREATED, refund));
  }
}
