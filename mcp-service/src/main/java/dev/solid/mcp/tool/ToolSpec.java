package dev.solid.mcp.tool;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One tool as an assistant sees it: name, what it does (with its scope), its input and output
 * schemas, its MCP annotations, and what it does when called.
 *
 * @param scopes the scopes the tool needs, all of them, checked before any API call
 * @param ownerAllowed whether the company owner's session may call it without the scope (the REST
 *     endpoints it wraps accept the owner, e.g. sequences)
 */
public record ToolSpec(
    String name,
    String title,
    String description,
    List<String> scopes,
    boolean ownerAllowed,
    Effect effect,
    JsonObject inputSchema,
    JsonObject outputSchema,
    ToolHandler handler) {

  public ToolSpec {
    scopes = List.copyOf(scopes);
  }

  /** This tool, needing {@code scope} too. */
  public ToolSpec alsoNeeding(String scope) {
    List<String> more = new java.util.ArrayList<>(scopes);
    more.add(scope);
    return new ToolSpec(
        name, title, description, more, ownerAllowed, effect, inputSchema, outputSchema, handler);
  }

  /** This tool, open to the company owner's session without the scope. */
  public ToolSpec orOwner() {
    return new ToolSpec(
        name, title, description, scopes, true, effect, inputSchema, outputSchema, handler);
  }

  /** What calling the tool does to the world, as the MCP annotations say it. */
  public enum Effect {
    /** Reads only. */
    READ(true, true, false),
    /** Creates or changes CRM data; a retry with the same arguments changes nothing more. */
    IDEMPOTENT_WRITE(false, true, false),
    /** Creates something new at every distinct call (a deal, a task, an activity). */
    WRITE(false, false, false),
    /** Reaches people outside the CRM (a message to a contact). */
    OPEN_WORLD_WRITE(false, false, true);

    final boolean readOnly;
    final boolean idempotent;
    final boolean openWorld;

    Effect(boolean readOnly, boolean idempotent, boolean openWorld) {
      this.readOnly = readOnly;
      this.idempotent = idempotent;
      this.openWorld = openWorld;
    }

    public boolean writes() {
      return !readOnly;
    }
  }

  /** What the tool does with its (checked) arguments. */
  @FunctionalInterface
  public interface ToolHandler {
    io.smallrye.mutiny.Uni<io.quarkiverse.mcp.server.ToolResponse> handle(ToolCall call);
  }
}
