package dev.solid.messaging.sequence;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.messaging.message.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
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
  public record EnrollRequest(Long contactId) {}

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
  @Operation(operationId = "createSequence", summary = "Create a sequence (owner only, 201)")
  public Uni<RestResponse<SequenceResponse>> create(SequenceRequest body) {
    Caller owner = caller.requireOwner();
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return sequences
        .create(owner.tenant(), body)
        .map(s -> RestResponse.status(RestResponse.Status.CREATED, s));
  }

  @GET
  @Operation(operationId = "listSequences", summary = "List sequences (owner or manage:sequences)")
  public Uni<Page<SequenceResponse>> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return sequences.list(
        manager(caller).tenant(),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(operationId = "getSequence", summary = "Get a sequence (owner or manage:sequences)")
  public Uni<SequenceResponse> get(@PathParam("id") String id) {
    return sequences.get(manager(caller).tenant(), Params.id("Sequence", id));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateSequence",
      summary = "Update a sequence (owner only); omitted fields stay")
  public Uni<SequenceResponse> update(@PathParam("id") String id, SequenceRequest body) {
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
      summary = "Delete a sequence and its enrollments (owner only)")
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
    Caller owner = caller.requireOwner();
    return sequences
        .delete(owner.tenant(), Params.id("Sequence", id))
        .map(v -> RestResponse.noContent());
  }

  @POST
  @Path("{id}/enroll")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "enroll",
      summary = "Enroll a contact (201, status active; 409 if already enrolled)")
  public Uni<RestResponse<EnrollmentResponse>> enroll(
      @PathParam("id") String id, EnrollRequest body) {
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
  @Operation(operationId = "listEnrollments", summary = "A sequence's enrollments")
  public Uni<Page<EnrollmentResponse>> enrollments(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return sequences.enrollments(
        manager(caller).tenant(),
        Params.id("Sequence", id),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }
}
