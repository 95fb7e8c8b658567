package dev.solid.crm.deal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.kit.http.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
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
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The deals API, reached through the gateway like the contacts API (see the contact resource for
 * the authentication and the shared error responses, which the kit adds to every operation). Reads
 * need {@code read:deals}, writes {@code write:deals}.
 */
@Path("/api/v1/crm/deals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Deals", description = "Sales opportunities moving through a pipeline's stages")
@SecurityRequirement(name = "bearer")
public class DealResource {
  /** The deal of the API reference's quick examples. */
  static final String CREATE_EXAMPLE =
      "{\"title\":\"Kitchen Remodel\",\"stage\":\"New\",\"amount\":1200000,\"contact_id\":42}";

  private final Caller caller;
  private final DealService deals;
  private final DefaultPipeline defaults;
  private final ObjectMapper json;
  private final Validator validator;

  public DealResource(
      Caller caller,
      DealService deals,
      DefaultPipeline defaults,
      ObjectMapper json,
      Validator validator) {
    this.caller = caller;
    this.deals = deals;
    this.defaults = defaults;
    this.json = json;
    this.validator = validator;
  }

  @GET
  @Operation(
      operationId = "listDeals",
      summary = "List deals",
      description =
          "Returns the deals of your company one page at a time, newest first unless `sort`"
              + " says otherwise. Every filter is optional and they combine: `stage` is a stage"
              + " name (case-insensitive, in every pipeline unless `pipeline_id` is given),"
              + " `status` is open, won or lost, `search` finds deals whose title contains the"
              + " text (case-insensitive), `sales_rep` matches exactly (case-insensitive), amounts"
              + " and close dates are inclusive bounds. Requires the `read:deals` scope.")
  @APIResponse(responseCode = "200", description = "A page of deals")
  public Uni<Page<DealResponse>> list(
      @Parameter(
              description = "Deals per page, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many deals to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset,
      @Parameter(
              description = "Only deals of this pipeline",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("pipeline_id")
          String pipelineId,
      @Parameter(description = "Only deals in a stage of this name", example = "Proposal")
          @QueryParam("stage")
          String stage,
      @Parameter(
              description = "Only open, won or lost deals",
              schema = @Schema(enumeration = {"open", "won", "lost"}))
          @QueryParam("status")
          String status,
      @Parameter(
              description = "Only deals of this contact",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("contact_id")
          String contactId,
      @Parameter(description = "Only deals of this sales rep", example = "jane@acme.example")
          @QueryParam("sales_rep")
          String salesRep,
      @Parameter(description = "Text the title contains", example = "kitchen") @QueryParam("search")
          String search,
      @Parameter(
              description = "Smallest amount, in cents",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
          @QueryParam("min_amount")
          String minAmount,
      @Parameter(
              description = "Largest amount, in cents",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
          @QueryParam("max_amount")
          String maxAmount,
      @Parameter(
              description = "Expected to close on or before this date",
              schema = @Schema(type = SchemaType.STRING, format = "date"))
          @QueryParam("close_before")
          String closeBefore,
      @Parameter(
              description = "Expected to close on or after this date",
              schema = @Schema(type = SchemaType.STRING, format = "date"))
          @QueryParam("close_after")
          String closeAfter,
      @Parameter(
              description =
                  "created_at, amount or expected_close_date; a leading '-' sorts descending"
                      + " (default -created_at)",
              example = "-amount")
          @QueryParam("sort")
          String sort) {
    Caller reader = caller.requireScope(Scopes.READ_DEALS);
    DealFilter filter =
        new DealFilter(
            Params.longValue("pipeline_id", pipelineId),
            DealQueries.text(stage),
            DealQueries.status(status),
            Params.longValue("contact_id", contactId),
            DealQueries.text(salesRep),
            DealQueries.text(search),
            DealQueries.amount("min_amount", minAmount),
            DealQueries.amount("max_amount", maxAmount),
            DealQueries.date("close_before", closeBefore),
            DealQueries.date("close_after", closeAfter));
    return deals.list(
        reader.tenant(), filter, DealSort.parse(sort), DealQueries.page(limit, offset));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getDeal",
      summary = "Get a deal",
      description =
          "Returns one deal. A deal of another company, or of the other mode, is not found."
              + " Requires the `read:deals` scope.")
  @APIResponse(responseCode = "200", description = "The deal")
  public Uni<DealResponse> get(
      @Parameter(description = "The deal's id") @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_DEALS);
    return deals.get(reader.tenant(), DealQueries.id("Deal", id));
  }

  @GET
  @Path("{id}/history")
  @Operation(
      operationId = "listDealHistory",
      summary = "List a deal's stage history",
      description =
          "Returns every stage the deal entered, oldest first: its creation, then each move,"
              + " with who made it and the deal's amount at the time. Requires the `read:deals`"
              + " scope.")
  @APIResponse(responseCode = "200", description = "A page of stage changes")
  public Uni<Page<HistoryResponse>> history(
      @Parameter(description = "The deal's id") @PathParam("id") String id,
      @Parameter(
              description = "Entries per page, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many entries to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset) {
    Caller reader = caller.requireScope(Scopes.READ_DEALS);
    return deals.history(
        reader.tenant(), DealQueries.id("Deal", id), DealQueries.page(limit, offset));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createDeal",
      summary = "Create a deal",
      description =
          "Creates a deal in a pipeline (your default pipeline unless `pipeline_id` is given) and"
              + " stage: `stage` names it (case-insensitive), `stage_id` gives its id; when both"
              + " are sent they must agree, when neither is the deal starts in the pipeline's"
              + " first stage. `amount` is integer cents from 0 to 99999999999, `currency` a"
              + " lower-case ISO-4217 code (default usd). An unknown pipeline, stage or contact"
              + " is a 422 naming the field. A deal created in a won or lost stage is closed at"
              + " once. Requires the `write:deals` scope.")
  @APIResponse(
      responseCode = "201",
      description = "The deal was created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DealResponse.class)))
  public Uni<RestResponse<DealResponse>> create(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = DealRequest.class),
                      examples =
                          @ExampleObject(
                              name = "kitchenRemodel",
                              summary = "A remodeling deal for contact 42",
                              value = CREATE_EXAMPLE)))
          @Valid
          DealRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_DEALS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return defaults
        .ensure(writer.tenant())
        .chain(pipeline -> deals.create(writer.tenant(), Actors.of(writer), body, pipeline.getId()))
        .onFailure(DealErrors::isForeignKeyViolation)
        .transform(DealResource::stageGone)
        .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateDeal",
      summary = "Update a deal",
      description =
          "Changes only the fields sent; `contact_id`, `expected_close_date`, `sales_rep` and"
              + " `lost_reason` sent as null are cleared, and `custom_fields` are merged key by"
              + " key (null removes a key). Moving the deal to another stage (`stage` or"
              + " `stage_id`, or another `pipeline_id`) is recorded in its history. Entering a"
              + " won or lost stage sets `closed_at`, leaving it clears `closed_at`;"
              + " `lost_reason` is only allowed in a lost stage and is cleared when the deal"
              + " leaves it. Requires the `write:deals` scope.")
  @APIResponse(responseCode = "200", description = "The updated deal")
  public Uni<DealResponse> update(
      @Parameter(description = "The deal's id") @PathParam("id") String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = DealPatch.class),
                      examples = {
                        @ExampleObject(
                            name = "moveToProposal",
                            summary = "Move the deal to the Proposal stage",
                            value = "{\"stage\":\"Proposal\"}"),
                        @ExampleObject(
                            name = "markLost",
                            summary = "Lose the deal, saying why",
                            value =
                                "{\"stage\":\"Lost\",\"lost_reason\":\"Went with a competitor\"}")
                      }))
          ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_DEALS);
    long dealId = DealQueries.id("Deal", id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    // Read as a JSON tree first: a record alone cannot tell a left-out field from one set to null.
    DealPatch patch = json.treeToValue(body, DealPatch.class);
    Set<ConstraintViolation<DealPatch>> violations = validator.validate(patch);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    Set<String> sent = new HashSet<>();
    body.fieldNames().forEachRemaining(sent::add);
    DealChanges changes = DealPatches.of(patch, sent);
    return deals
        .update(writer.tenant(), Actors.of(writer), dealId, changes)
        .onFailure(DealErrors::isForeignKeyViolation)
        .transform(DealResource::stageGone);
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteDeal",
      summary = "Delete a deal",
      description =
          "Deletes the deal and its stage history for good. Requires the `write:deals` scope.")
  @APIResponse(responseCode = "204", description = "The deal was deleted")
  public Uni<Void> delete(@Parameter(description = "The deal's id") @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_DEALS);
    return deals.delete(writer.tenant(), DealQueries.id("Deal", id));
  }

  /** A stage or contact was deleted by a concurrent request between the check and the write. */
  private static Throwable stageGone(Throwable failure) {
    return ApiException.conflict(
        "The stage or contact this deal names was deleted meanwhile; check it and try again");
  }
}
