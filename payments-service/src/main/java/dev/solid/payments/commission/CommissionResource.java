package dev.solid.payments.commission;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.http.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Commission plans (a rate per sales rep) and the commissions paid orders and invoices earn.
 * Reading needs read:payments, changing write:payments.
 */
@Path("/api/v1")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Commissions", description = "Sales reps' rates and the commissions they earn")
public class CommissionResource {
  private static final Set<String> STATUSES = Set.of("pending", "approved", "paid", "reversed");

  private final Caller caller;
  private final Pool pool;
  private final CommissionRepository repository;

  public CommissionResource(Caller caller, Pool pool, CommissionRepository repository) {
    this.caller = caller;
    this.pool = pool;
    this.repository = repository;
  }

  @POST
  @Path("commission-plans")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createCommissionPlan",
      summary = "Set a sales rep's commission rate",
      description =
          "`rate_bps` basis points (1000 = 10%) of what the rep's orders and invoices are paid."
              + " A rep with a plan gets its rate replaced. Needs write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CommissionPlanRequest.class),
              examples =
                  @ExampleObject(
                      name = "ten-percent",
                      value =
                          "{\"sales_rep\": \"dana@acme.test\", \"rate_bps\": 1000,"
                              + " \"basis\": \"paid_amount\"}")))
  @APIResponse(
      responseCode = "201",
      description = "The plan",
      content = @Content(schema = @Schema(implementation = CommissionPlan.class)))
  public Uni<RestResponse<CommissionPlan>> createPlan(@Valid CommissionPlanRequest body) {
    Tenant tenant = caller.requireScope(Scopes.WRITE_PAYMENTS).tenant();
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return pool.withTransaction(
            tx ->
                repository.upsertPlan(
                    tx,
                    tenant,
                    body.salesRep().strip(),
                    body.rateBps(),
                    body.basis() == null ? "paid_amount" : body.basis()))
        .map(plan -> RestResponse.status(RestResponse.Status.CREATED, plan));
  }

  @GET
  @Path("commission-plans")
  @Operation(operationId = "listCommissionPlans", summary = "List commission plans")
  @APIResponse(responseCode = "200", description = "One page of plans")
  public Uni<Page<CommissionPlan>> listPlans(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    Tenant tenant = caller.requireScope(Scopes.READ_PAYMENTS).tenant();
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    return pool.withConnection(
        db ->
            repository
                .plans(db, tenant, page)
                .chain(
                    items ->
                        repository
                            .countPlans(db, tenant)
                            .map(total -> Page.of(items, total, page))));
  }

  @GET
  @Path("commission-plans/{id}")
  @Operation(operationId = "getCommissionPlan", summary = "Get a commission plan")
  @APIResponse(
      responseCode = "200",
      description = "The plan",
      content = @Content(schema = @Schema(implementation = CommissionPlan.class)))
  public Uni<CommissionPlan> getPlan(@PathParam("id") String id) {
    Tenant tenant = caller.requireScope(Scopes.READ_PAYMENTS).tenant();
    return pool.withConnection(
            db -> repository.findPlan(db, tenant, Params.id("commission plan", id)))
        .map(plan -> found(plan, "commission plan"));
  }

  @DELETE
  @Path("commission-plans/{id}")
  @Operation(
      operationId = "deleteCommissionPlan",
      summary = "Delete a commission plan",
      description = "The rep earns nothing on sources paid from then on; earned ones stay.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Uni<RestResponse<Void>> deletePlan(@PathParam("id") String id) {
    Tenant tenant = caller.requireScope(Scopes.WRITE_PAYMENTS).tenant();
    return pool.withTransaction(
            tx -> repository.deletePlan(tx, tenant, Params.id("commission plan", id)))
        .map(
            deleted -> {
              if (!deleted) {
                throw ApiException.notFound("commission plan");
              }
              return RestResponse.noContent();
            });
  }

  @GET
  @Path("commissions")
  @Operation(
      operationId = "listCommissions",
      summary = "List commissions",
      description = "Newest first, optionally by sales rep and status. Needs read:payments.")
  @APIResponse(responseCode = "200", description = "One page of commissions")
  public Uni<Page<Commission>> list(
      @QueryParam("sales_rep") String salesRep,
      @QueryParam("status") String status,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Tenant tenant = caller.requireScope(Scopes.READ_PAYMENTS).tenant();
    String wanted = status == null || status.isBlank() ? null : status.strip();
    if (wanted != null && !STATUSES.contains(wanted)) {
      throw ApiException.validation(
          new ProblemDetail("status", "invalid_value", status),
          "Query parameter 'status' must be one of pending, approved, paid, reversed");
    }
    String rep = salesRep == null || salesRep.isBlank() ? null : salesRep.strip();
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    return pool.withConnection(
        db ->
            repository
                .list(db, tenant, rep, wanted, page)
                .chain(
                    items ->
                        repository
                            .count(db, tenant, rep, wanted)
                            .map(total -> Page.of(items, total, page))));
  }

  @GET
  @Path("commissions/{id}")
  @Operation(operationId = "getCommission", summary = "Get a commission")
  @APIResponse(
      responseCode = "200",
      description = "The commission",
      content = @Content(schema = @Schema(implementation = Commission.class)))
  public Uni<Commission> get(@PathParam("id") String id) {
    Tenant tenant = caller.requireScope(Scopes.READ_PAYMENTS).tenant();
    return pool.withConnection(db -> repository.find(db, tenant, Params.id("commission", id)))
        .map(commission -> found(commission, "commission"));
  }

  @POST
  @Path("commissions/{id}/approve")
  @Operation(
      operationId = "approveCommission",
      summary = "Approve a commission",
      description = "pending → approved. Needs write:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The commission",
      content = @Content(schema = @Schema(implementation = Commission.class)))
  public Uni<Commission> approve(@PathParam("id") String id) {
    return transition(id, "pending", "approved", "approved_at", "approved");
  }

  @POST
  @Path("commissions/{id}/mark_paid")
  @Operation(
      operationId = "markCommissionPaid",
      summary = "Mark a commission paid",
      description = "approved → paid, once the rep was paid out. Needs write:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The commission",
      content = @Content(schema = @Schema(implementation = Commission.class)))
  public Uni<Commission> markPaid(@PathParam("id") String id) {
    return transition(id, "approved", "paid", "paid_at", "marked paid");
  }

  private Uni<Commission> transition(
      String id, String from, String to, String stamp, String action) {
    Tenant tenant = caller.requireScope(Scopes.WRITE_PAYMENTS).tenant();
    long commissionId = Params.id("commission", id);
    return pool.withTransaction(
        tx ->
            repository
                .transition(tx, tenant, commissionId, from, to, stamp)
                .chain(
                    moved ->
                        moved != null
                            ? Uni.createFrom().item(moved)
                            : repository
                                .find(tx, tenant, commissionId)
                                .map(
                                    current -> {
                                      found(current, "commission");
                                      throw new ApiException(
                                              ErrorCode.INVALID_STATE,
                                              "Commission "
                                                  + commissionId
                                                  + " is "
                                                  + current.status()
                                                  + "; only a "
                                                  + from
                                                  + " commission can be "
                                                  + action)
                                          .member("status", current.status());
                                    })));
  }

  private static <T> T found(T value, String what) {
    if (value == null) {
      throw ApiException.notFound(what);
    }
    return value;
  }
}
