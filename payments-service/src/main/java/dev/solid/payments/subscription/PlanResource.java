package dev.solid.payments.subscription;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.http.Params;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.money.Currencies;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Plans: what subscriptions are billed by. Reading needs read:payments, changing write:payments.
 */
@Path("/api/v1/plans")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Plans", description = "Prices per month or year that subscriptions are billed by")
public class PlanResource {
  private final Caller caller;
  private final Pool pool;
  private final PlanRepository plans;
  private final PaymentsConfig config;

  public PlanResource(Caller caller, Pool pool, PlanRepository plans, PaymentsConfig config) {
    this.caller = caller;
    this.pool = pool;
    this.plans = plans;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createPlan",
      summary = "Create a plan",
      description =
          "`amount` cents every `interval` (month or year, by calendar), with an optional free"
              + " trial. Needs write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PlanRequest.class),
              examples =
                  @ExampleObject(
                      name = "pro",
                      value =
                          "{\"name\": \"Pro\", \"amount\": 4900, \"currency\": \"usd\","
                              + " \"interval\": \"month\", \"trial_days\": 14}")))
  @APIResponse(
      responseCode = "201",
      description = "The plan",
      content = @Content(schema = @Schema(implementation = Plan.class)))
  public Uni<RestResponse<Plan>> create(@Valid PlanRequest body) {
    Tenant tenant = caller.requireScope(Scopes.WRITE_PAYMENTS).tenant();
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    String currency = Currencies.resolve("currency", body.currency(), config.defaultCurrency());
    return pool.withTransaction(
            tx ->
                plans.insert(
                    tx,
                    tenant,
                    body.name().strip(),
                    body.amount(),
                    currency,
                    body.interval(),
                    body.trialDays()))
        .map(plan -> RestResponse.status(RestResponse.Status.CREATED, plan));
  }

  @GET
  @Operation(operationId = "listPlans", summary = "List plans", description = "Newest first.")
  @APIResponse(responseCode = "200", description = "One page of plans")
  public Uni<Page<Plan>> list(
      @QueryParam("active") String active,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Tenant tenant = caller.requireScope(Scopes.READ_PAYMENTS).tenant();
    Boolean onlyActive = Params.bool("active", active);
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    return pool.withConnection(
        db ->
            plans
                .list(db, tenant, onlyActive, page)
                .chain(
                    items ->
                        plans
                            .count(db, tenant, onlyActive)
                            .map(total -> Page.of(items, total, page))));
  }

  @GET
  @Path("{id}")
  @Operation(operationId = "getPlan", summary = "Get a plan")
  @APIResponse(
      responseCode = "200",
      description = "The plan",
      content = @Content(schema = @Schema(implementation = Plan.class)))
  public Uni<Plan> get(@PathParam("id") String id) {
    Tenant tenant = caller.requireScope(Scopes.READ_PAYMENTS).tenant();
    return pool.withConnection(db -> plans.find(db, tenant, Params.id("plan", id)))
        .map(PlanResource::found);
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updatePlan",
      summary = "Rename or archive a plan",
      description =
          "`active: false` archives it: subscriptions on it go on, new ones cannot take it. Price"
              + " and interval never change.")
  @APIResponse(
      responseCode = "200",
      description = "The plan",
      content = @Content(schema = @Schema(implementation = Plan.class)))
  public Uni<Plan> update(@PathParam("id") String id, @Valid PlanPatch body) {
    Tenant tenant = caller.requireScope(Scopes.WRITE_PAYMENTS).tenant();
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return pool.withTransaction(
            tx ->
                plans.update(
                    tx,
                    tenant,
                    Params.id("plan", id),
                    body.name() == null ? null : body.name().strip(),
                    body.active()))
        .map(PlanResource::found);
  }

  private static Plan found(Plan plan) {
    if (plan == null) {
      throw ApiException.notFound("plan");
    }
    return plan;
  }
}
