package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Rescoring jobs, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class RescoreJobRepository extends TenantRepository<RescoreJob> {

  public RescoreJobRepository() {
    super(RescoreJob.class);
  }

  /** The tenant's unfinished jobs (there is at most one, superseded when a new one starts). */
  public Uni<List<RescoreJob>> pending(Tenant tenant) {
    return list(
        tenant,
        "status in ('queued', 'running')",
        Map.of(),
        "id",
        new PageRequest(PageRequest.MAX_LIMIT, 0));
  }
}
