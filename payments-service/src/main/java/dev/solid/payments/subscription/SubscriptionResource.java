package dev.solid.payments.subscription;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.http.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Subscriptions: reading needs read:payments, everything else write:payments. */
@Path("/api/v1/subscriptions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Subscriptions", description = "Recurring billing by plan, with trials and dunning")
public class SubscriptionResource {
  private final Caller caller;
  private final JsonWebToken jwt;
  private final SubscriptionService subscriptions;

  public SubscriptionResource(Caller caller, JsonWebToken jwt, SubscriptionService subscriptions) {
    this.caller = caller;
    this.jwt = jwt;
    this.subscriptions = subscriptions;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createSubscription",
      summary = "Subscribe a contact to a plan",
      description =
          "With a trial: `trialing`, nothing charged until it ends. Without: the first invoice is"
              + " created, finalized and charged at once: `active`, or `incomplete` if the charge"
              + " fails (`incomplete_expired` after 23 hours unpaid). `test_clock` (test mode)"
              + " makes it follow that clock. Needs write:payments (and read:contacts).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SubscriptionRequest.class),
              examples =
                  @ExampleObject(
                      name = "trial",
                      value =
                          "{\"contact_id\": 42, \"plan_id\": 401, \"payment_method\":"
                              + " \"pm_card_visa\", \"trial_days\": 14}")))
  @APIResponse(
      responseCode = "201",
      description = "The subscription",
      content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
  public Uni<RestResponse<SubscriptionResponse>> create(@Valid SubscriptionRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return subscriptions
        .create(writer.tenant(), body, "Bearer " + jwt.getRawToken())
        .map(s -> RestResponse.status(RestResponse.Status.CREATED, s));
  }

  @GET
  @Operation(
      operationId = "listSubscriptions",
      summary = "List subscriptions",
      description = "Newest first, by status, contact or plan. Needs read:payments.")
  @APIResponse(responseCode = "200", description = "One page of subscriptions")
  public Uni<Page<SubscriptionResponse>> list(
      @QueryParam("status") String status,
      @QueryParam("contact_id") String contactId,
      @QueryParam("plan_id") String planId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return subscriptions.list(
        reader.tenant(),
        status == null || status.isBlank() ? null : status.strip(),
        Params.longValue("contact_id", contactId),
        Params.longValue("plan_id", planId),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(operationId = "getSubscription", summary = "Get a subscription")
  @APIResponse(
      responseCode = "200",
      description = "The subscription",
      content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
  public Uni<SubscriptionResponse> get(@PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return subscriptions.get(reader.tenant(), Params.id("subscription", id));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateSubscription",
      summary = "Change a subscription's plan or payment method",
      description =
          "A plan change is prorated to the second as Stripe prorates: `create_prorations`"
              + " (default) puts the credit for unused time and the charge for the remaining time"
              + " on the next invoice, `always_invoice` invoices and charges the difference now,"
              + " `none` changes the price from the next period. A plan of another interval"
              + " starts a new billing cycle now. A higher price per interval emits"
              + " `subscription.upgraded`, a lower one `subscription.downgraded`.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SubscriptionPatch.class),
              examples =
                  @ExampleObject(
                      name = "upgrade",
                      value = "{\"plan_id\": 402, \"proration_behavior\": \"always_invoice\"}")))
  @APIResponse(
      responseCode = "200",
      description = "The subscription",
      content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
  public Uni<SubscriptionResponse> update(
      @PathParam("id") String id, @Valid SubscriptionPatch body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return subscriptions.update(writer.tenant(), Params.id("subscription", id), body);
  }

  @POST
  @Path("{id}/cancel")
  @Operation(
      operationId = "cancelSubscription",
      summary = "Cancel a subscription",
      description = "Now (default), or `at_period_end: true` to end with the current period.")
  @APIResponse(
      responseCode = "200",
      description = "The subscription",
      content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
  public Uni<SubscriptionResponse> cancel(@PathParam("id") String id, @Valid CancelRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    boolean atPeriodEnd = body != null && Boolean.TRUE.equals(body.atPeriodEnd());
    return subscriptions.cancel(writer.tenant(), Params.id("subscription", id), atPeriodEnd);
  }

  @POST
  @Path("{id}/resume")
  @Operation(
      operationId = "resumeSubscription",
      summary = "Resume a subscription set to cancel",
      description = "Takes back `cancel` with `at_period_end`; the subscription renews again.")
  @APIResponse(
      responseCode = "200",
      description = "The subscription",
      content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
  public Uni<SubscriptionResponse> resume(@PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    return subscriptions.resume(writer.tenant(), Params.id("subscription", id));
  }
}
