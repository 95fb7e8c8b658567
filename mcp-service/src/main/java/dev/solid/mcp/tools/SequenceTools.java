package dev.solid.mcp.tools;

import static dev.solid.mcp.tool.Specs.resource;
import static dev.solid.mcp.tool.Specs.tool;

import dev.solid.common.caller.Scopes;
import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.tool.Schemas;
import dev.solid.mcp.tool.ToolCall;
import dev.solid.mcp.tool.ToolCatalog;
import dev.solid.mcp.tool.ToolResults;
import dev.solid.mcp.tool.ToolSpec;
import dev.solid.mcp.tool.ToolSpec.Effect;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Drip sequences and enrollments ({@code /api/v1/sequences}, {@code /api/v1/enrollments}). */
@ApplicationScoped
public class SequenceTools implements ToolCatalog {
  static final JsonObject ENROLLMENT =
      resource("An enrollment: sequence, contact, status (active, paused, completed, ...)");

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        tool(
                "list_sequences",
                "List sequences",
                Effect.READ,
                Scopes.MANAGE_SEQUENCES,
                "Lists the company's drip sequences (ids, names, steps, whether they stop on"
                    + " reply): the sequence_id enroll_in_sequence takes.",
                Schemas.paged(Schemas.object()).build(),
                Schemas.page(resource("A sequence with its steps")),
                call -> call.list(ApiCall.get("/api/v1/sequences"), "sequences"))
            .orOwner(),
        tool(
                "enroll_in_sequence",
                "Enroll a contact in a sequence",
                Effect.IDEMPOTENT_WRITE,
                Scopes.MANAGE_SEQUENCES,
                "Starts a sequence for one contact: its steps go out on their delays until the"
                    + " last one, a pause, or the contact's reply. A contact already enrolled is a"
                    + " conflict.",
                Schemas.object()
                    .required("sequence_id", Schemas.id("The sequence"))
                    .required("contact_id", Schemas.id("The contact to enroll"))
                    .build(),
                ENROLLMENT,
                call ->
                    write(
                        call,
                        "/api/v1/sequences/"
                            + ApiCall.segment(call.number("sequence_id"))
                            + "/enroll",
                        new JsonObject().put("contact_id", call.number("contact_id")),
                        "Enrolled: "))
            .orOwner(),
        tool(
                "pause_enrollment",
                "Pause an enrollment",
                Effect.IDEMPOTENT_WRITE,
                Scopes.MANAGE_SEQUENCES,
                "Pauses one contact's enrollment: no further step is sent until it is resumed.",
                Schemas.object().required("enrollment_id", Schemas.id("The enrollment")).build(),
                ENROLLMENT,
                call ->
                    write(
                        call,
                        "/api/v1/enrollments/"
                            + ApiCall.segment(call.number("enrollment_id"))
                            + "/pause",
                        null,
                        "Paused: "))
            .orOwner(),
        tool(
                "resume_enrollment",
                "Resume an enrollment",
                Effect.IDEMPOTENT_WRITE,
                Scopes.MANAGE_SEQUENCES,
                "Resumes a paused enrollment: the next step goes out on its delay.",
                Schemas.object().required("enrollment_id", Schemas.id("The enrollment")).build(),
                ENROLLMENT,
                call ->
                    write(
                        call,
                        "/api/v1/enrollments/"
                            + ApiCall.segment(call.number("enrollment_id"))
                            + "/resume",
                        null,
                        "Resumed: "))
            .orOwner());
  }

  private static Uni<ToolResponse> write(ToolCall call, String path, JsonObject body, String verb) {
    return call.call(
        ApiCall.write(HttpMethod.POST, path, body, call.idempotencyKey(0)),
        result ->
            ToolResults.ok(
                result.object(),
                verb
                    + "enrollment "
                    + result.object().getValue("id")
                    + " of contact "
                    + result.object().getValue("contact_id")
                    + " is "
                    + result.object().getValue("status")
                    + "."));
  }
}
