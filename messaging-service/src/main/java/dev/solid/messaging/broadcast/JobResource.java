package dev.solid.messaging.broadcast;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
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

/** Progress of bulk jobs (broadcasts). */
@Path("/api/v1/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Jobs", description = "Progress of bulk jobs")
public class JobResource {
  private final Caller caller;
  private final JobService jobs;

  public JobResource(Caller caller, JobService jobs) {
    this.caller = caller;
    this.jobs = jobs;
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getJob",
      summary = "Get a job",
      description =
          "A broadcast's progress: of `total` messages, `queued` are not finished yet, `sent`"
              + " went out and `failed` did not (skipped recipients included). The status is"
              + " running until every message is finished, then completed, when the"
              + " job.completed event is sent once. Needs read:messages.")
  @APIResponse(
      responseCode = "200",
      description = "The job",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobResponse.class)))
  public Uni<JobResponse> get(
      @Parameter(description = "Job id", example = "job_01HKQ9R2X3") @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    return jobs.get(reader.tenant(), id);
  }
}
