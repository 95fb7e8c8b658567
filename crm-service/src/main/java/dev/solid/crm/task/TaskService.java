package dev.solid.crm.task;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.crm.activity.ActivityRules;
import dev.solid.crm.activity.Associations;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/**
 * Task use cases. Every write runs in one {@code @WithTransaction} method here; its events are
 * appended to the outbox in that transaction.
 */
@ApplicationScoped
public class TaskService {
  private final TaskRepository tasks;
  private final Associations associations;
  private final TaskEvents events;

  public TaskService(TaskRepository tasks, Associations associations, TaskEvents events) {
    this.tasks = tasks;
    this.associations = associations;
    this.events = events;
  }

  @WithSession
  public Uni<Page<TaskResponse>> list(Tenant tenant, TaskFilter filter, PageRequest page) {
    return tasks
        .search(tenant, filter, page, Instant.now())
        .map(
            result ->
                Page.of(
                    result.items().stream().map(TaskResponse::from).toList(),
                    result.total(),
                    page));
  }

  @WithSession
  public Uni<TaskResponse> get(Tenant tenant, long id) {
    return tasks.findById(tenant, id).map(TaskService::found).map(TaskResponse::from);
  }

  /** Creates the task; one created done is completed at once and publishes both events. */
  @WithTransaction
  public Uni<TaskResponse> create(Tenant tenant, TaskRequest request) {
    Instant now = ActivityRules.now();
    Task task = new Task();
    task.setTitle(request.title());
    task.setBody(request.body());
    task.setDueAt(ActivityRules.micros(request.dueAt()));
    task.setPriority(request.priority() == null ? TaskRules.MEDIUM : request.priority());
    boolean completed =
        task.moveTo(request.status() == null ? TaskRules.TODO : request.status(), now);
    task.setAssignee(request.assignee());
    task.setContactId(request.contactId());
    task.setDealId(request.dealId());
    task.setCreatedAt(now);
    task.setUpdatedAt(now);
    return associations
        .require(tenant, request.contactId(), request.dealId())
        .chain(() -> tasks.persist(tenant, task))
        .map(TaskResponse::from)
        .call(created -> events.created(tenant, created))
        .call(
            created -> completed ? events.completed(tenant, created) : Uni.createFrom().voidItem());
  }

  /** Applies the fields of {@code patch} named in {@code sent}; see {@link TaskPatch}. */
  @WithTransaction
  public Uni<TaskResponse> update(Tenant tenant, long id, TaskPatch patch, Set<String> sent) {
    return tasks
        .findByIdForUpdate(tenant, id)
        .map(TaskService::found)
        .call(
            task ->
                associations.require(
                    tenant,
                    sent.contains("contact_id") ? patch.contactId() : null,
                    sent.contains("deal_id") ? patch.dealId() : null))
        .chain(
            task -> {
              Instant now = ActivityRules.now();
              boolean completed = apply(task, patch, sent, now);
              return tasks
                  .flush()
                  .replaceWith(() -> TaskResponse.from(task))
                  .call(
                      updated ->
                          completed
                              ? events.completed(tenant, updated)
                              : Uni.createFrom().voidItem());
            });
  }

  /** True when the patch completed the task. */
  private static boolean apply(Task task, TaskPatch patch, Set<String> sent, Instant now) {
    if (sent.contains("title")) {
      task.setTitle(patch.title());
    }
    if (sent.contains("body")) {
      task.setBody(patch.body());
    }
    if (sent.contains("due_at")) {
      task.setDueAt(ActivityRules.micros(patch.dueAt()));
    }
    if (sent.contains("priority")) {
      task.setPriority(patch.priority());
    }
    if (sent.contains("assignee")) {
      task.setAssignee(patch.assignee());
    }
    if (sent.contains("contact_id")) {
      task.setContactId(patch.contactId());
    }
    if (sent.contains("deal_id")) {
      task.setDealId(patch.dealId());
    }
    boolean completed = sent.contains("status") && task.moveTo(patch.status(), now);
    task.setUpdatedAt(now);
    return completed;
  }

  @WithTransaction
  public Uni<Void> delete(Tenant tenant, long id) {
    return tasks
        .findByIdForUpdate(tenant, id)
        .map(TaskService::found)
        .chain(task -> tasks.delete(tenant, task));
  }

  private static Task found(Task task) {
    if (task == null) {
      throw ApiException.notFound("Task");
    }
    return task;
  }
}
