package dev.solid.mcp.tool;

import dev.solid.mcp.tool.ToolSpec.Effect;
import dev.solid.mcp.tool.ToolSpec.ToolHandler;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Shorthands for the catalogs' tables of tools. */
public final class Specs {
  private Specs() {}

  public static ToolSpec tool(
      String name,
      String title,
      Effect effect,
      String scope,
      String description,
      JsonObject input,
      JsonObject output,
      ToolHandler handler) {
    return new ToolSpec(
        name,
        title,
        description,
        scope == null ? List.of() : List.of(scope),
        false,
        effect,
        input,
        output,
        handler);
  }

  /** An API resource as the API answers it, with its id. */
  public static JsonObject resource(String description, String idType) {
    return Schemas.object()
        .required("id", new JsonObject().put("type", idType).put("description", "Its id"))
        .open()
        .build()
        .put("description", description);
  }

  public static JsonObject resource(String description) {
    return resource(description, "integer");
  }
}
