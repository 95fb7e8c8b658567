package dev.solid.crm.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.crm.activity.ActivityResource;
import dev.solid.crm.activity.TimeParams;
import dev.solid.kit.http.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The tasks API. Reached only through the gateway, like the contacts API. */
@Path("/api/v1/crm/tasks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Tasks", description = "Work to do for contacts and deals")
@SecurityRequirement(name = "bearer")
public class TaskResource {
  static final String CREATE_EXAMPLE =
      "{\"title\":\"Send the annual quote\",\"due_at\":\"2026-06-05T17:00:00Z\","
          + "\"priority\":\"high\",\"assignee\":\"alex@example.com\",\"contact_id\":42}";

  private final Caller caller;
  private final TaskService tasks;
  private final ObjectMapper json;
  private final Validator validator;

  public TaskResource(Caller caller, TaskService tasks, ObjectMapper json, Validator validator) {
    this.caller = caller;
    this.tasks = tasks;
    this.json = json;
    this.validator = validator;
  }

  @GET
  @Operation(
      operationId = "listTasks",
      summary = "List tasks",
      description =
          "Returns the tasks of your company, newest first, one page at a time. Narrow the list"
              + " by `status`, `assignee`, `due_before` (exclusive), `contact_id` and `deal_id`;"
              + " `overdue=true` keeps the tasks not done whose due time has passed. Requires the"
              + " `read:activities` scope.")
  @APIResponse(responseCode = "200", description = "A page of tasks")
  public Uni<Page<TaskResponse>> list(
      @Parameter(
              description = "Tasks per page, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many tasks to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset,
      @Parameter(
              description = "Only tasks with this status",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"todo", "in_progress", "done"}))
          @QueryParam("status")
          String status,
      @Parameter(description = "Only tasks of this assignee", example = "alex@example.com")
          @QueryParam("assignee")
          String assignee,
      @Parameter(
              description = "Only tasks due before this time (ISO-8601)",
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          @QueryParam("due_before")
          String dueBefore,
      @Parameter(
              description =
                  "true: only tasks not done whose due time has passed; false: all others",
              schema = @Schema(type = SchemaType.BOOLEAN))
          @QueryParam("overdue")
          String overdue,
      @Parameter(
              description = "Only tasks of this contact",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("contact_id")
          String contactId,
      @Parameter(
              description = "Only tasks of this deal",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("deal_id")
          String dealId) {
    Caller reader = caller.requireScope(Scopes.READ_ACTIVITIES);
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    TaskFilter filter =
        new TaskFilter(
            TimeParams.oneOf("status", status, TaskRules.STATUSES, TaskRules.STATUSES_TEXT),
            assignee == null || assignee.isBlank() ? null : assignee.strip(),
            TimeParams.instant("due_before", dueBefore),
            Params.bool("overdue", overdue),
            Params.longValue("contact_id", contactId),
            Params.longValue("deal_id", dealId));
    return tasks.list(reader.tenant(), filter, page);
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getTask",
      summary = "Get a task",
      description =
          "Returns one task. A task of another company, or of the other mode, is not found."
              + " Requires the `read:activities` scope.")
  @APIResponse(responseCode = "200", description = "The task")
  public Uni<TaskResponse> get(
      @Parameter(description = "The task's id", example = "5") @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_ACTIVITIES);
    return tasks.get(reader.tenant(), Params.id("Task", id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @ResponseStatus(201)
  @Operation(
      operationId = "createTask",
      summary = "Create a task",
      description =
          "Creates a task, optionally for a contact (which must exist) or a deal. `priority`"
              + " defaults to medium and `status` to todo; a task created done is completed at"
              + " once. Publishes `task.created` (and `task.completed` for a task created done)."
              + " Requires the `write:activities` scope.")
  @APIResponse(
      responseCode = "201",
      description = "The task was created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskResponse.class)))
  public Uni<TaskResponse> create(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = TaskRequest.class),
                      examples =
                          @ExampleObject(
                              name = "followUp",
                              summary = "A follow-up for a contact",
                              value = CREATE_EXAMPLE)))
          @Valid
          TaskRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_ACTIVITIES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return tasks.create(writer.tenant(), body);
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateTask",
      summary = "Update a task",
      description =
          "Changes only the fields sent: a field left out stays as it is, a field sent as null is"
              + " cleared (`title`, `priority` and `status` cannot be). Setting `status` to done"
              + " stamps `completed_at` and publishes `task.completed`; moving a done task back"
              + " to todo or in_progress clears `completed_at`. Requires the `write:activities`"
              + " scope.")
  @APIResponse(responseCode = "200", description = "The updated task")
  public Uni<TaskResponse> update(
      @Parameter(description = "The task's id", example = "5") @PathParam("id") String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = TaskPatch.class),
                      examples =
                          @ExampleObject(
                              name = "complete",
                              summary = "Mark the task done",
                              value = "{\"status\":\"done\"}")))
          ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_ACTIVITIES);
    long taskId = Params.id("Task", id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    // Read as a JSON tree first: a record alone cannot tell a left-out field from one set to null.
    TaskPatch patch = json.treeToValue(body, TaskPatch.class);
    Set<ConstraintViolation<TaskPatch>> violations = validator.validate(patch);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    Set<String> sent = ActivityResource.fieldNames(body);
    patch.requireKept(sent);
    return tasks.update(writer.tenant(), taskId, patch, sent);
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteTask",
      summary = "Delete a task",
      description = "Deletes the task for good. Requires the `write:activities` scope.")
  @APIResponse(responseCode = "204", description = "The task was deleted")
  public Uni<Void> delete(
      @Parameter(description = "The task's id", example = "5") @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_ACTIVITIES);
    return tasks.delete(writer.tenant(), Params.id("Task", id));
  }
}
