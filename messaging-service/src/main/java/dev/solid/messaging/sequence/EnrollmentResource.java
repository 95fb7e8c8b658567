package dev.solid.messaging.sequence;

import dev.solid.common.caller.Caller;
import dev.solid.kit.http.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Pause and resume enrollments (owner or manage:sequences). */
@Path("/api/v1/enrollments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Sequences")
public class EnrollmentResource {
  private final Caller caller;
  private final SequenceService sequences;

  public EnrollmentResource(Caller caller, SequenceService sequences) {
    this.caller = caller;
    this.sequences = sequences;
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getEnrollment",
      summary = "Get an enrollment",
      description =
          "Where a contact stands in a sequence: its status (active, paused, completed or"
              + " stopped), the next step and when it is due. Needs manage:sequences.")
  @APIResponse(
      responseCode = "200",
      description = "The enrollment",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EnrollmentResponse.class)))
  public Uni<EnrollmentResponse> get(
      @Parameter(description = "Enrollment id", example = "301") @PathParam("id") String id) {
    return sequences.getEnrollment(
        SequenceResource.manager(caller).tenant(), Params.id("Enrollment", id));
  }

  @POST
  @Path("{id}/pause")
  @Operation(
      operationId = "pauseEnrollment",
      summary = "Pause an enrollment",
      description =
          "Nothing more is sent to the contact until the enrollment is resumed; the time left"
              + " on the current step is kept. Needs manage:sequences.")
  @APIResponse(
      responseCode = "200",
      description = "The enrollment, status paused",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EnrollmentResponse.class)))
  @APIResponse(responseCode = "409", description = "conflict: only an active enrollment pauses")
  public Uni<EnrollmentResponse> pause(
      @Parameter(description = "Enrollment id", example = "301") @PathParam("id") String id) {
    return sequences.pause(SequenceResource.manager(caller).tenant(), Params.id("Enrollment", id));
  }

  @POST
  @Path("{id}/resume")
  @Operation(
      operationId = "resumeEnrollment",
      summary = "Resume an enrollment",
      description =
          "Continues a paused enrollment where it stopped: the current step goes out after the"
              + " time that was left on it. Needs manage:sequences.")
  @APIResponse(
      responseCode = "200",
      description = "The enrollment, status active",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EnrollmentResponse.class)))
  @APIResponse(responseCode = "409", description = "conflict: only a paused enrollment resumes")
  public Uni<EnrollmentResponse> resume(
      @Parameter(description = "Enrollment id", example = "301") @PathParam("id") String id) {
    return sequences.resume(SequenceResource.manager(caller).tenant(), Params.id("Enrollment", id));
  }
}
