package dev.solid.payments.subscription;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
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
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Test clocks (Stripe's test helpers), test mode only: subscriptions created with one follow its
 * time, so a trial end, renewals and a dunning cycle can be watched in seconds.
 */
@Path("/api/v1/test_helpers/test_clocks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Test clocks", description = "Simulated time for subscriptions, in test mode")
public class TestClockResource {
  private final Caller caller;
  private final Pool pool;
  private final TestClockRepository clocks;
  private final TestClockAdvancer advancer;

  public TestClockResource(
      Caller caller, Pool pool, TestClockRepository clocks, TestClockAdvancer advancer) {
    this.caller = caller;
    this.pool = pool;
    this.clocks = clocks;
    this.advancer = advancer;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createTestClock",
      summary = "Create a test clock",
      description = "Frozen at `frozen_time` (Unix seconds). Test keys only.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TestClockRequest.class),
              examples =
                  @ExampleObject(
                      name = "new-year",
                      value = "{\"frozen_time\": 1798761600, \"name\": \"Renewals\"}")))
  @APIResponse(
      responseCode = "201",
      description = "The clock",
      content = @Content(schema = @Schema(implementation = TestClock.class)))
  public Uni<RestResponse<TestClock>> create(@Valid TestClockRequest body) {
    Tenant tenant = testTenant(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return pool.withTransaction(
            tx -> clocks.insert(tx, tenant, body.name(), Instant.ofEpochSecond(body.frozenTime())))
        .map(clock -> RestResponse.status(RestResponse.Status.CREATED, clock));
  }

  @GET
  @Operation(operationId = "listTestClocks", summary = "List test clocks")
  @APIResponse(responseCode = "200", description = "One page of clocks")
  public Uni<Page<TestClock>> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    Tenant tenant = testTenant(Scopes.READ_PAYMENTS);
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    return pool.withConnection(
        db ->
            clocks
                .list(db, tenant, page)
                .chain(
                    items -> clocks.count(db, tenant).map(total -> Page.of(items, total, page))));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getTestClock",
      summary = "Get a test clock",
      description = "`status` is `advancing` until an advance has run every due transition.")
  @APIResponse(
      responseCode = "200",
      description = "The clock",
      content = @Content(schema = @Schema(implementation = TestClock.class)))
  public Uni<TestClock> get(@PathParam("id") String id) {
    Tenant tenant = testTenant(Scopes.READ_PAYMENTS);
    return pool.withConnection(db -> clocks.find(db, tenant, Params.id("test clock", id)))
        .map(
            clock -> {
              if (clock == null) {
                throw ApiException.notFound("test clock");
              }
              return clock;
            });
  }

  @POST
  @Path("{id}/advance")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "advanceTestClock",
      summary = "Advance a test clock",
      description =
          "Moves the clock forward to `frozen_time` asynchronously: the answer is the clock"
              + " `advancing`; every transition of its subscriptions due by then runs in time"
              + " order, then the clock is `ready`.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TestClockRequest.class),
              examples = @ExampleObject(name = "a-month", value = "{\"frozen_time\": 1801440000}")))
  @APIResponse(
      responseCode = "200",
      description = "The clock, advancing",
      content = @Content(schema = @Schema(implementation = TestClock.class)))
  public Uni<TestClock> advance(@PathParam("id") String id, @Valid TestClockRequest body) {
    Tenant tenant = testTenant(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return advancer.advance(
        tenant, Params.id("test clock", id), Instant.ofEpochSecond(body.frozenTime()));
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteTestClock",
      summary = "Delete a test clock",
      description = "Only a clock no subscription follows.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
    Tenant tenant = testTenant(Scopes.WRITE_PAYMENTS);
    long clockId = Params.id("test clock", id);
    return pool.withTransaction(
            tx ->
                clocks
                    .delete(tx, tenant, clockId)
                    .chain(
                        deleted ->
                            deleted
                                ? Uni.createFrom().item(true)
                                : clocks
                                    .find(tx, tenant, clockId)
                                    .map(
                                        clock -> {
                                          if (clock == null) {
                                            throw ApiException.notFound("test clock");
                                          }
                                          throw ApiException.conflict(
                                              "Test clock "
                                                  + clockId
                                                  + " has subscriptions; cancel them first");
                                        })))
        .map(ignored -> RestResponse.noContent());
  }

  private Tenant testTenant(String scope) {
    Tenant tenant = caller.requireScope(scope).tenant();
    if (tenant.livemode()) {
      throw new ApiException(
          ErrorCode.FORBIDDEN,
          "Test clocks exist in test mode only; use a test key (sk_solid_test_…)");
    }
    return tenant;
  }
}
