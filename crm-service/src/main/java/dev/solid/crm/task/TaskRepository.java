package dev.solid.crm.task;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Task queries. All of them are tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class TaskRepository extends TenantRepository<Task> {

  public TaskRepository() {
    super(Task.class);
  }

  /** One page of tasks matching the filter, newest first, with the total count. */
  public Uni<Result> search(Tenant tenant, TaskFilter filter, PageRequest page, Instant now) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (filter.status() != null) {
      conditions.add("status = :status");
      params.put("status", filter.status());
    }
    if (filter.assignee() != null) {
      conditions.add("assignee = :assignee");
      params.put("assignee", filter.assignee());
    }
    if (filter.dueBefore() != null) {
      conditions.add("dueAt < :dueBefore");
      params.put("dueBefore", filter.dueBefore());
    }
    if (filter.overdue() != null) {
      conditions.add(
          filter.overdue()
              ? "status <> 'done' and dueAt < :now"
              : "(status = 'done' or dueAt is null or dueAt >= :now)");
      params.put("now", now);
    }
    if (filter.contactId() != null) {
      conditions.add("contactId = :contactId");
      params.put("contactId", filter.contactId());
    }
    if (filter.dealId() != null) {
      conditions.add("dealId = :dealId");
      params.put("dealId", filter.dealId());
    }
    String where = conditions.isEmpty() ? null : String.join(" and ", conditions);
    // One session runs one statement at a time: count, then the page.
    return count(tenant, where, params)
        .chain(
            total ->
                list(tenant, where, params, "id desc", page)
                    .map(items -> new Result(items, total)));
  }

  /** A page of tasks and how many match in all. */
  public record Result(List<Task> items, long total) {}
}
