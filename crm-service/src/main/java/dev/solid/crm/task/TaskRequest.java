package dev.solid.crm.task;

import static dev.solid.crm.task.TaskRules.MAX_ASSIGNEE;
import static dev.solid.crm.task.TaskRules.MAX_BODY;
import static dev.solid.crm.task.TaskRules.MAX_TITLE;

import dev.solid.crm.activity.ActivityRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/crm/tasks}; the contact, when given, must exist. */
@Schema(name = "TaskCreate", description = "A task to create")
public record TaskRequest(
    @Schema(description = "What to do", maxLength = MAX_TITLE, examples = "Send the annual quote")
        @NotBlank
        @Size(max = MAX_TITLE, message = "too_long")
        String title,
    @Schema(description = "Details", maxLength = MAX_BODY)
        @Size(max = MAX_BODY, message = "too_long")
        String body,
    @Schema(description = "When it is due (ISO-8601)") Instant dueAt,
    @Schema(
            description = "Default medium",
            enumeration = {"low", "medium", "high"})
        @Pattern(regexp = TaskRules.PRIORITIES, message = TaskRules.PRIORITIES_MESSAGE)
        String priority,
    @Schema(
            description = "Default todo",
            enumeration = {"todo", "in_progress", "done"})
        @Pattern(regexp = TaskRules.STATUSES, message = TaskRules.STATUSES_MESSAGE)
        String status,
    @Schema(
            description = "Who does it: a user's email or any name your team uses",
            maxLength = MAX_ASSIGNEE,
            examples = "alex@example.com")
        @Size(max = MAX_ASSIGNEE, message = "too_long")
        String assignee,
    @Schema(description = "The contact it is for", examples = "42") @Positive Long contactId,
    @Schema(description = "The deal it is for", examples = "7") @Positive Long dealId) {

  public TaskRequest {
    title = ActivityRules.strip(title);
    body = ActivityRules.strip(body);
    priority = ActivityRules.strip(priority);
    status = ActivityRules.strip(status);
    assignee = ActivityRules.strip(assignee);
  }
}
