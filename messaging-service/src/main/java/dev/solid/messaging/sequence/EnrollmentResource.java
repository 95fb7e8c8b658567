package dev.solid.messaging.sequence;

import dev.solid.common.caller.Caller;
import dev.solid.messaging.message.Params;
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
  @Operation(operationId = "getEnrollment", summary = "Get an enrollment")
  public Uni<EnrollmentResponse> get(@PathParam("id") String id) {
    return sequences.getEnrollment(
        SequenceResource.manager(caller).tenant(), Params.id("Enrollment", id));
  }

  @POST
  @Path("{id}/pause")
  @Operation(
      operationId = "pauseEnrollment",
      summary = "Pause: nothing is sent until resumed (409 unless active)")
  public Uni<EnrollmentResponse> pause(@PathParam("id") String id) {
    return sequences.pause(SequenceResource.manager(caller).tenant(), Params.id("Enrollment", id));
  }

  @POST
  @Path("{id}/resume")
  @Operation(
      operationId = "resumeEnrollment",
      summary = "Resume where it stopped (409 unless paused)")
  public Uni<EnrollmentResponse> resume(@PathParam("id") String id) {
    return sequences.resume(SequenceResource.manager(caller).tenant(), Params.id("Enrollment", id));
  }
}
