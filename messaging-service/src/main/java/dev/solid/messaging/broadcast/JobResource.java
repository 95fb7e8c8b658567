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
          "total, queued (not finished yet), sent, failed; status running until every message is"
              + " finished, then completed (and job.completed is emitted once). Needs"
              + " read:messages.")
  public Uni<JobResponse> get(@PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    return jobs.get(reader.tenant(), id);
  }
}
