package dev.solid.messaging.sequence;

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
import jakarta.validation.constraints.NotNull;
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
 * Drip sequences. Created and edited by the company owner only (the panel), as the seed says; API
 * keys with manage:sequences list them and manage enrollments.
 */
@Path("/api/v1/sequences")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Sequences", description = "Drip sequences and enrollments")
public class SequenceResource {
  /** Body of enroll: {@code {contact_id}}. */
  public record EnrollRequest(
      @Schema(description = "The contact to enroll", example = "42") @NotNull Long contactId) {}

  private final Caller caller;
  private final SequenceService sequences;
  // The caller's own internal token, forwarded when crm must be asked for a contact.
  private final JsonWebToken jwt;

  public SequenceResource(Caller caller, SequenceService sequences, JsonWebToken jwt) {
    this.caller = caller;
    this.sequences = sequences;
    this.jwt = jwt;
  }

  /** The owner, or a key holding manage:sequences. */
  static Caller manager(Caller caller) {
    return caller.owner() ? caller : caller.requireScope(Scopes.MANAGE_SEQUENCES);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createSequence",
      summary = "Create a sequence",
      description =
          "A drip sequence: steps sent one after the other to each enrolled contact, each after"
              + " its delay. Only the company owner, signed in to the panel, creates sequences;"
              + " API keys cannot.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SequenceRequest.class),
              examples =
                  @ExampleObject(
                      name = "onboarding",
                      summary = "Two steps, a day apart",
                      value =
                          "{\"name\": \"Trial onboarding\", \"steps\": ["
                              + "{\"delay_seconds\": 0, \"account_id\": 7421,"
                              + " \"template\": \"Welcome {first_name}!\"},"
                              + " {\"delay_seconds\": 86400, \"account_id\": 7421,"
                              + " \"template\": \"How is your trial going, {first_name}?\"}"
                              + "]}")))
  @APIResponse(
      responseCode = "201",
      description = "The sequence",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SequenceResponse.class)))
  public Uni<RestResponse<SequenceResponse>> create(@Valid SequenceRequest body) {
    Caller owner = caller.requireOwner();
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return sequences
        .create(owner.tenant(), body)
        .map(s -> RestResponse.status(RestResponse.Status.CREATED, s));
  }

  @GET
  @Operation(
      operationId = "listSequences",
      summary = "List sequences",
      description = "The company's sequences, oldest first. Needs manage:sequences.")
  @APIResponse(responseCode = "200", description = "One page of sequences")
  public Uni<Page<SequenceResponse>> list(
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
    return sequences.list(
        manager(caller).tenant(),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getSequence",
      summary = "Get a sequence",
      description = "The sequence with its steps. Needs manage:sequences.")
  @APIResponse(
      responseCode = "200",
      description = "The sequence",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SequenceResponse.class)))
  public Uni<SequenceResponse> get(
      @Parameter(description = "Sequence id", example = "12") @PathParam("id") String id) {
    return sequences.get(manager(caller).tenant(), Params.id("Sequence", id));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateSequence",
      summary = "Update a sequence",
      description =
          "Changes the fields given; omitted fields stay, and given steps replace all the steps."
              + " Enrolled contacts continue from their current step. Only the company owner"
              + " edits sequences.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SequencePatch.class),
              examples =
                  @ExampleObject(
                      name = "rename",
                      summary = "Rename, and keep sending after a reply",
                      value = "{\"name\": \"Trial onboarding (v2)\", \"stop_on_reply\": false}")))
  @APIResponse(
      responseCode = "200",
      description = "The sequence as changed",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SequenceResponse.class)))
  public Uni<SequenceResponse> update(
      @Parameter(description = "Sequence id", example = "12") @PathParam("id") String id,
      @Valid SequencePatch body) {
    Caller owner = caller.requireOwner();
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return sequences.update(owner.tenant(), Params.id("Sequence", id), body);
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteSequence",
      summary = "Delete a sequence",
      description =
          "Deletes the sequence and its enrollments; nothing more is sent from it. Only the"
              + " company owner deletes sequences.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Uni<RestResponse<Void>> delete(
      @Parameter(description = "Sequence id", example = "12") @PathParam("id") String id) {
    Caller owner = caller.requireOwner();
    return sequences
        .delete(owner.tenant(), Params.id("Sequence", id))
        .map(v -> RestResponse.noContent());
  }

  @POST
  @Path("{id}/enroll")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "enrollContact",
      summary = "Enroll a contact in a sequence",
      description =
          "Starts the sequence for the contact: its first step goes out after that step's"
              + " delay. The enrollment is active until its last step is sent, it is paused, or"
              + " the contact replies (when the sequence stops on reply). Needs"
              + " manage:sequences.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EnrollRequest.class),
              examples = @ExampleObject(name = "contact", value = "{\"contact_id\": 42}")))
  @APIResponse(
      responseCode = "201",
      description = "The enrollment, status active",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EnrollmentResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict: the contact is already enrolled in this sequence")
  public Uni<RestResponse<EnrollmentResponse>> enroll(
      @Parameter(description = "Sequence id", example = "12") @PathParam("id") String id,
      @Valid EnrollRequest body) {
    Caller manager = manager(caller);
    return sequences
        .enroll(
            manager.tenant(),
            Params.id("Sequence", id),
            body == null ? null : body.contactId(),
            jwt.getRawToken())
        .map(e -> RestResponse.status(RestResponse.Status.CREATED, e));
  }

  @GET
  @Path("{id}/enrollments")
  @Operation(
      operationId = "listEnrollments",
      summary = "List a sequence's enrollments",
      description =
          "Every contact enrolled in the sequence, with where each stands. Needs"
              + " manage:sequences.")
  @APIResponse(responseCode = "200", description = "One page of enrollments")
  public Uni<Page<EnrollmentResponse>> enrollments(
      @Parameter(description = "Sequence id", example = "12") @PathParam("id") String id,
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
    return sequences.enrollments(
        manager(caller).tenant(),
        Params.id("Sequence", id),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }
}
