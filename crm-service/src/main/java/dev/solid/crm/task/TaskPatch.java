package dev.solid.crm.task;

import static dev.solid.crm.task.TaskRules.MAX_ASSIGNEE;
import static dev.solid.crm.task.TaskRules.MAX_BODY;
import static dev.solid.crm.task.TaskRules.MAX_TITLE;

import dev.solid.crm.activity.ActivityRules;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/crm/tasks/{id}}. A field left out stays as it is; a field sent as
 * null clears it, except {@code title}, {@code priority} and {@code status}, which a task always
 * has. Setting {@code status} to done stamps {@code completed_at}; leaving done clears it.
 */
@Schema(
    name = "TaskPatch",
    description = "Fields to change; omitted fields stay as they are, null clears a field")
public record TaskPatch(
    @Size(max = MAX_TITLE, message = "too_long") String title,
    @Size(max = MAX_BODY, message = "too_long") String body,
    Instant dueAt,
    @Schema(enumeration = {"low", "medium", "high"})
        @Pattern(regexp = TaskRules.PRIORITIES, message = TaskRules.PRIORITIES_MESSAGE)
        String priority,
    @Schema(enumeration = {"todo", "in_progress", "done"})
        @Pattern(regexp = TaskRules.STATUSES, message = TaskRules.STATUSES_MESSAGE)
        String status,
    @Size(max = MAX_ASSIGNEE, message = "too_long") String assignee,
    @Positive Long contactId,
    @Positive Long dealId) {

  public TaskPatch {
    title = ActivityRules.strip(title);
    body = ActivityRules.strip(body);
    priority = ActivityRules.strip(priority);
    status = ActivityRules.strip(status);
    assignee = ActivityRules.strip(assignee);
  }

  /** A 422 when a field every task has was sent as null or blank. */
  void requireKept(Set<String> sent) {
    if (sent.contains("title") && title == null) {
      throw ActivityRules.required("title");
    }
    if (sent.contains("priority") && priority == null) {
      throw ActivityRules.required("priority");
    }
    if (sent.contains("status") && status == null) {
      throw ActivityRules.required("status");
    }
  }
}
