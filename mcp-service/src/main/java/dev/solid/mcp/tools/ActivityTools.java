package dev.solid.mcp.tools;

import static dev.solid.mcp.tool.Specs.resource;
import static dev.solid.mcp.tool.Specs.tool;
import static dev.solid.mcp.tools.DealTools.body;

import dev.solid.common.caller.Scopes;
import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.tool.Schemas;
import dev.solid.mcp.tool.ToolCatalog;
import dev.solid.mcp.tool.ToolResults;
import dev.solid.mcp.tool.ToolSpec;
import dev.solid.mcp.tool.ToolSpec.Effect;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Activities and tasks ({@code /api/v1/crm/activities}, {@code /api/v1/crm/tasks}). */
@ApplicationScoped
public class ActivityTools implements ToolCatalog {
  static final String TASKS = "/api/v1/crm/tasks";
  static final JsonObject TASK = resource("A task: title, due_at, priority, status, assignee, ...");
  static final JsonObject ACTIVITY = resource("An activity: type, subject, body, occurred_at, ...");

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        tool(
            "log_activity",
            "Log an activity",
            Effect.WRITE,
            Scopes.WRITE_ACTIVITIES,
            "Records a note, call, email or meeting on a contact or a deal (one of them is"
                + " required), e.g. a call summary after talking to a lead.",
            Schemas.object()
                .required("type", Schemas.enumOf("What it was", "note", "call", "email", "meeting"))
                .optional("contact_id", Schemas.id("The contact it concerns"))
                .optional("deal_id", Schemas.id("The deal it concerns"))
                .required("body", Schemas.string("What happened: the notes", 10_000))
                .optional("subject", Schemas.string("One line", 200))
                .optional("occurred_at", Schemas.dateTime("When (ISO-8601); now when left out"))
                .optional(
                    "duration_seconds", Schemas.integer("How long, 0 to 604800 s", 0, 604_800))
                .optional(
                    "direction", Schemas.enumOf("For calls and emails", "inbound", "outbound"))
                .optional("outcome", Schemas.string("e.g. connected, voicemail", 100))
                .build(),
            ACTIVITY,
            call ->
                call.call(
                    ApiCall.write(
                        HttpMethod.POST,
                        "/api/v1/crm/activities",
                        body(
                            call,
                            "type",
                            "contact_id",
                            "deal_id",
                            "subject",
                            "body",
                            "occurred_at",
                            "duration_seconds",
                            "direction",
                            "outcome"),
                        call.idempotencyKey(0)),
                    result ->
                        ToolResults.ok(
                            result.object(),
                            "Logged "
                                + result.object().getString("type", "activity")
                                + " "
                                + result.object().getValue("id")
                                + "."))),
        tool(
            "create_task",
            "Create a task",
            Effect.WRITE,
            Scopes.WRITE_ACTIVITIES,
            "Creates a to-do for someone on the team, optionally due at a time and tied to a"
                + " contact or a deal (e.g. 'Send the annual quote' due Friday).",
            Schemas.object()
                .required("title", Schemas.string("What to do", 200))
                .optional("body", Schemas.string("Details", 10_000))
                .optional("due_at", Schemas.dateTime("When it is due (ISO-8601)"))
                .optional("priority", Schemas.enumOf("Default medium", "low", "medium", "high"))
                .optional("assignee", Schemas.string("Who does it", 200))
                .optional("contact_id", Schemas.id("The contact it is for"))
                .optional("deal_id", Schemas.id("The deal it is for"))
                .build(),
            TASK,
            call ->
                call.call(
                    ApiCall.write(
                        HttpMethod.POST,
                        TASKS,
                        body(
                            call,
                            "title",
                            "body",
                            "due_at",
                            "priority",
                            "assignee",
                            "contact_id",
                            "deal_id"),
                        call.idempotencyKey(0)),
                    result ->
                        ToolResults.ok(result.object(), "Created " + describe(result.object())))),
        tool(
            "complete_task",
            "Complete a task",
            Effect.IDEMPOTENT_WRITE,
            Scopes.WRITE_ACTIVITIES,
            "Marks a task done (stamps completed_at). Completing a done task changes nothing.",
            Schemas.object().required("task_id", Schemas.id("The task's id")).build(),
            TASK,
            call ->
                call.call(
                    ApiCall.write(
                        HttpMethod.PATCH,
                        TASKS + "/" + ApiCall.segment(call.number("task_id")),
                        new JsonObject().put("status", "done"),
                        call.idempotencyKey(0)),
                    result ->
                        ToolResults.ok(result.object(), "Completed " + describe(result.object())))),
        tool(
            "list_tasks",
            "List tasks",
            Effect.READ,
            Scopes.READ_ACTIVITIES,
            "Lists tasks, optionally by status, assignee, contact or deal, or only overdue ones."
                + " Pages of up to 50: check has_more and pass next_cursor to read on.",
            Schemas.paged(
                    Schemas.object()
                        .optional(
                            "status",
                            Schemas.enumOf("Only this status", "todo", "in_progress", "done"))
                        .optional("assignee", Schemas.string("Only this assignee's tasks", 200))
                        .optional("overdue", Schemas.bool("Only tasks past due and not done"))
                        .optional("contact_id", Schemas.id("Only this contact's tasks"))
                        .optional("deal_id", Schemas.id("Only this deal's tasks")))
                .build(),
            Schemas.page(TASK),
            call ->
                call.list(
                    ApiCall.get(TASKS)
                        .param("status", call.string("status"))
                        .param("assignee", call.string("assignee"))
                        .param("overdue", call.bool("overdue"))
                        .param("contact_id", call.number("contact_id"))
                        .param("deal_id", call.number("deal_id")),
                    "tasks")));
  }

  static String describe(JsonObject task) {
    return "task "
        + task.getValue("id")
        + " \""
        + task.getValue("title")
        + "\" ("
        + task.getValue("status")
        + (task.getValue("due_at") == null ? "" : ", due " + task.getValue("due_at"))
        + ").";
  }
}
