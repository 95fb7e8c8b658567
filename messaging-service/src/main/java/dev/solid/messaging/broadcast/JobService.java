package dev.solid.messaging.broadcast;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Reading jobs. */
@ApplicationScoped
public class JobService {
  private final Pool pool;
  private final JobRepository jobs;

  public JobService(Pool pool, JobRepository jobs) {
    this.pool = pool;
    this.jobs = jobs;
  }

  public Uni<JobResponse> get(Tenant tenant, String id) {
    return pool.withConnection(db -> jobs.find(db, tenant, id))
        .map(
            job -> {
              if (job == null) {
                throw ApiException.notFound("Job");
              }
              return job;
            });
  }
}
