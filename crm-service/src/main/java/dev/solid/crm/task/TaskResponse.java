package dev.solid.crm.task;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A task as the API and the task.* events show it. Timestamps in UTC. */
@Schema(name = "Task")
public record TaskResponse(
    @Schema(examples = "5") long id,
    @Schema(description = "Always `task`", examples = "task") String object,
    String title,
    String body,
    Instant dueAt,
    @Schema(enumeration = {"low", "medium", "high"}) String priority,
    @Schema(enumeration = {"todo", "in_progress", "done"}) String status,
    String assignee,
    Long contactId,
    Long dealId,
    @Schema(description = "When the task was (last) marked done; null while it is not done")
        Instant completedAt,
    boolean livemode,
    Instant createdAt,
    Instant updatedAt) {

  static TaskResponse from(Task task) {
    return new TaskResponse(
        task.getId(),
        "task",
        task.getTitle(),
        task.getBody(),
        task.getDueAt(),
        task.getPriority(),
        task.getStatus(),
        task.getAssignee(),
        task.getContactId(),
        task.getDealId(),
        task.getCompletedAt(),
        task.isLivemode(),
        task.getCreatedAt(),
        task.getUpdatedAt());
  }
}
