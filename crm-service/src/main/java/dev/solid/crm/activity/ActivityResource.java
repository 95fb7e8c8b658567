package dev.solid.crm.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
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
import java.util.HashSet;
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

/**
 * The activities API (notes, calls, emails, meetings). Reached only through the gateway, like the
 * contacts API; the shared error responses are added to the OpenAPI document by the kit.
 */
@Path("/api/v1/crm/activities")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Activities", description = "Notes, calls, emails and meetings logged in the CRM")
@SecurityRequirement(name = "bearer")
public class ActivityResource {
  static final String CREATE_EXAMPLE =
      "{\"type\":\"call\",\"contact_id\":42,\"subject\":\"Discovery call\","
          + "\"body\":\"Talked about the annual plan; she wants a quote by Friday.\","
          + "\"occurred_at\":\"2026-06-01T15:30:00Z\",\"duration_seconds\":900,"
          + "\"direction\":\"outbound\",\"outcome\":\"connected\"}";

  private final Caller caller;
  private final ActivityService activities;
  private final ObjectMapper json;
  private final Validator validator;

  public ActivityResource(
      Caller caller, ActivityService activities, ObjectMapper json, Validator validator) {
    this.caller = caller;
    this.activities = activities;
    this.json = json;
    this.validator = validator;
  }

  @GET
  @Operation(
      operationId = "listActivities",
      summary = "List activities",
      description =
          "Returns the activities of your company, the most recent first (by `occurred_at`), one"
              + " page at a time. Narrow the list by `type`, `contact_id`, `deal_id` and a time"
              + " window (`occurred_after`, `occurred_before`, both exclusive). Requires the"
              + " `read:activities` scope.")
  @APIResponse(responseCode = "200", description = "A page of activities")
  public Uni<Page<ActivityResponse>> list(
      @Parameter(
              description = "Activities per page, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many activities to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset,
      @Parameter(
              description = "Only activities of this type",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"note", "call", "email", "meeting"}))
          @QueryParam("type")
          String type,
      @Parameter(
              description = "Only activities of this contact",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("contact_id")
          String contactId,
      @Parameter(
              description = "Only activities of this deal",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("deal_id")
          String dealId,
      @Parameter(
              description = "Only activities that occurred after this time (ISO-8601)",
              example = "2026-06-01T00:00:00Z",
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          @QueryParam("occurred_after")
          String occurredAfter,
      @Parameter(
              description = "Only activities that occurred before this time (ISO-8601)",
              example = "2026-07-01T00:00:00Z",
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          @QueryParam("occurred_before")
          String occurredBefore) {
    Caller reader = caller.requireScope(Scopes.READ_ACTIVITIES);
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    ActivityFilter filter =
        new ActivityFilter(
            TimeParams.oneOf("type", type, ActivityRules.TYPES, "note, call, email, meeting"),
            Params.longValue("contact_id", contactId),
            Params.longValue("deal_id", dealId),
            TimeParams.instant("occurred_after", occurredAfter),
            TimeParams.instant("occurred_before", occurredBefore));
    return activities.list(reader.tenant(), filter, page);
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getActivity",
      summary = "Get an activity",
      description =
          "Returns one activity. An activity of another company, or of the other mode, is not"
              + " found. Requires the `read:activities` scope.")
  @APIResponse(responseCode = "200", description = "The activity")
  public Uni<ActivityResponse> get(
      @Parameter(description = "The activity's id", example = "17") @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_ACTIVITIES);
    return activities.get(reader.tenant(), Params.id("Activity", id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @ResponseStatus(201)
  @Operation(
      operationId = "logActivity",
      summary = "Log an activity",
      description =
          "Logs a note, call, email or meeting against a contact, a deal or both (at least one is"
              + " required; the contact must exist). `occurred_at` defaults to now. Publishes"
              + " `activity.logged`. Requires the `write:activities` scope.")
  @APIResponse(
      responseCode = "201",
      description = "The activity was logged",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ActivityResponse.class)))
  public Uni<ActivityResponse> create(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = ActivityRequest.class),
                      examples =
                          @ExampleObject(
                              name = "discoveryCall",
                              summary = "An outbound call that reached the contact",
                              value = CREATE_EXAMPLE)))
          @Valid
          ActivityRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_ACTIVITIES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return activities.create(writer.tenant(), body);
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateActivity",
      summary = "Update an activity",
      description =
          "Changes only the fields sent: a field left out stays as it is, a field sent as null is"
              + " cleared. `type`, `body` and `occurred_at` cannot be cleared, and an activity"
              + " keeps a contact or a deal. Requires the `write:activities` scope.")
  @APIResponse(responseCode = "200", description = "The updated activity")
  public Uni<ActivityResponse> update(
      @Parameter(description = "The activity's id", example = "17") @PathParam("id") String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = ActivityPatch.class),
                      examples =
                          @ExampleObject(
                              name = "recordOutcome",
                              summary = "Record how the call ended",
                              value = "{\"outcome\":\"left_voicemail\",\"duration_seconds\":45}")))
          ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_ACTIVITIES);
    long activityId = Params.id("Activity", id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    // Read as a JSON tree first: a record alone cannot tell a left-out field from one set to null,
    // which is also why the record is validated here rather than by @Valid.
    ActivityPatch patch = json.treeToValue(body, ActivityPatch.class);
    Set<ConstraintViolation<ActivityPatch>> violations = validator.validate(patch);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    Set<String> sent = fieldNames(body);
    patch.requireKept(sent);
    return activities.update(writer.tenant(), activityId, patch, sent);
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteActivity",
      summary = "Delete an activity",
      description =
          "Deletes the activity for good; it leaves the contact's timeline. Requires the"
              + " `write:activities` scope.")
  @APIResponse(responseCode = "204", description = "The activity was deleted")
  public Uni<Void> delete(
      @Parameter(description = "The activity's id", example = "17") @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_ACTIVITIES);
    return activities.delete(writer.tenant(), Params.id("Activity", id));
  }

  /** The names of the fields a JSON object carries, null or not. */
  public static Set<String> fieldNames(ObjectNode body) {
    Set<String> names = new HashSet<>();
    body.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
