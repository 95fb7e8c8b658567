package dev.solid.crm.deal;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
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
 * The pipelines API. Stages are edited through their pipeline: a PATCH with {@code stages} is the
 * whole new stage list (add, rename, reorder, change probability or kind, and delete by leaving a
 * stage out); {@code DELETE …/stages/{stage_id}?move_deals_to=} deletes one stage and moves its
 * deals. Reads need {@code read:deals}, writes {@code write:deals}. Listing or creating pipelines
 * first creates the company's default pipeline if it has none yet ({@link DefaultPipeline}).
 */
@Path("/api/v1/crm/pipelines")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Pipelines", description = "The stages deals move through")
@SecurityRequirement(name = "bearer")
public class PipelineResource {
  static final String CREATE_EXAMPLE =
      "{\"name\":\"Renovations\",\"stages\":["
          + "{\"name\":\"Site visit\",\"probability\":20},"
          + "{\"name\":\"Quote sent\",\"probability\":60},"
          + "{\"name\":\"Signed\",\"probability\":100,\"kind\":\"won\"},"
          + "{\"name\":\"Declined\",\"probability\":0,\"kind\":\"lost\"}]}";

  private final Caller caller;
  private final PipelineService pipelines;
  private final DefaultPipeline defaults;

  public PipelineResource(Caller caller, PipelineService pipelines, DefaultPipeline defaults) {
    this.caller = caller;
    this.pipelines = pipelines;
    this.defaults = defaults;
  }

  @GET
  @Operation(
      operationId = "listPipelines",
      summary = "List pipelines",
      description =
          "Returns your company's pipelines with their stages in order, the default pipeline"
              + " first. Every company starts with a default pipeline (New 10%, Qualified 25%,"
              + " Proposal 50%, Negotiation 75%, Won 100%, Lost 0%). Requires the `read:deals`"
              + " scope.")
  @APIResponse(responseCode = "200", description = "A page of pipelines")
  public Uni<Page<PipelineResponse>> list(
      @Parameter(
              description = "Pipelines per page, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many pipelines to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset) {
    Caller reader = caller.requireScope(Scopes.READ_DEALS);
    var page = DealQueries.page(limit, offset);
    return defaults.ensure(reader.tenant()).chain(() -> pipelines.list(reader.tenant(), page));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getPipeline",
      summary = "Get a pipeline",
      description =
          "Returns one pipeline with its stages in order. Requires the `read:deals` scope.")
  @APIResponse(responseCode = "200", description = "The pipeline")
  public Uni<PipelineResponse> get(
      @Parameter(description = "The pipeline's id") @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_DEALS);
    return pipelines.get(reader.tenant(), DealQueries.id("Pipeline", id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createPipeline",
      summary = "Create a pipeline",
      description =
          "Creates a pipeline with its stages in the order given. Each stage has a name (unique"
              + " in the pipeline, case-insensitive), a probability from 0 to 100 and a kind:"
              + " open (the default), won or lost; a pipeline needs at least one won and one lost"
              + " stage. Pipeline names are unique in your company (409 otherwise). Requires the"
              + " `write:deals` scope.")
  @APIResponse(
      responseCode = "201",
      description = "The pipeline was created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PipelineResponse.class)))
  public Uni<RestResponse<PipelineResponse>> create(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = PipelineRequest.class),
                      examples =
                          @ExampleObject(
                              name = "renovations",
                              summary = "A pipeline for renovation jobs",
                              value = CREATE_EXAMPLE)))
          @Valid
          PipelineRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_DEALS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return defaults
        .ensure(writer.tenant())
        .chain(() -> pipelines.create(writer.tenant(), body))
        .onFailure(DealErrors::isUniqueViolation)
        .transform(e -> ApiException.conflict("Another pipeline has this name"))
        .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updatePipeline",
      summary = "Update a pipeline and its stages",
      description =
          "Renames the pipeline and/or replaces its stage list. `stages`, when sent, is the whole"
              + " new list in order: an item with `id` changes that stage (fields left out keep"
              + " their value) and moves it to the item's place, an item without `id` adds a"
              + " stage, and a stage left out is deleted. Deleting a stage that holds deals, or"
              + " changing the kind of one, is a 409; to empty a stage first, delete it with"
              + " `move_deals_to`. The pipeline keeps at least one won and one lost stage."
              + " Requires the `write:deals` scope.")
  @APIResponse(responseCode = "200", description = "The updated pipeline")
  public Uni<PipelineResponse> update(
      @Parameter(description = "The pipeline's id") @PathParam("id") String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = PipelinePatch.class),
                      examples =
                          @ExampleObject(
                              name = "rename",
                              summary = "Rename the pipeline",
                              value = "{\"name\":\"Residential\"}")))
          @Valid
          PipelinePatch body) {
    Caller writer = caller.requireScope(Scopes.WRITE_DEALS);
    long pipelineId = DealQueries.id("Pipeline", id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return pipelines
        .update(writer.tenant(), pipelineId, body)
        .onFailure(DealErrors::isUniqueViolation)
        .transform(e -> ApiException.conflict("Another pipeline has this name"))
        .onFailure(DealErrors::isForeignKeyViolation)
        .transform(e -> ApiException.conflict("A deal entered a deleted stage meanwhile; retry"));
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deletePipeline",
      summary = "Delete a pipeline",
      description =
          "Deletes a pipeline and its stages. A pipeline that holds deals, and the default"
              + " pipeline, cannot be deleted (409). Requires the `write:deals` scope.")
  @APIResponse(responseCode = "204", description = "The pipeline was deleted")
  public Uni<Void> delete(
      @Parameter(description = "The pipeline's id") @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_DEALS);
    return pipelines
        .delete(writer.tenant(), DealQueries.id("Pipeline", id))
        .onFailure(DealErrors::isForeignKeyViolation)
        .transform(e -> ApiException.conflict("A deal entered the pipeline meanwhile"));
  }

  @DELETE
  @Path("{id}/stages/{stage_id}")
  @Operation(
      operationId = "deletePipelineStage",
      summary = "Delete a stage",
      description =
          "Deletes one stage of the pipeline and returns the pipeline. A stage that holds deals"
              + " is a 409 unless `move_deals_to` names another stage of the pipeline (by id or"
              + " name), where its deals then move, each with a history entry. The last won or"
              + " the last lost stage cannot be deleted (409). Requires the `write:deals` scope.")
  @APIResponse(responseCode = "200", description = "The pipeline without the stage")
  public Uni<PipelineResponse> deleteStage(
      @Parameter(description = "The pipeline's id") @PathParam("id") String id,
      @Parameter(description = "The stage's id") @PathParam("stage_id") String stageId,
      @Parameter(description = "Another stage of the pipeline, by id or name, to move deals to")
          @QueryParam("move_deals_to")
          String moveDealsTo) {
    Caller writer = caller.requireScope(Scopes.WRITE_DEALS);
    long pipelineId = DealQueries.id("Pipeline", id);
    long stage = DealQueries.id("Stage", stageId);
    return pipelines
        .deleteStage(
            writer.tenant(), Actors.of(writer), pipelineId, stage, DealQueries.text(moveDealsTo))
        .onFailure(DealErrors::isForeignKeyViolation)
        .transform(e -> ApiException.conflict("A deal entered the stage meanwhile; retry"));
  }
}
