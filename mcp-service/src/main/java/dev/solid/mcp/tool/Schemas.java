package dev.solid.mcp.tool;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Small builders for the tools' JSON Schemas (draft 2020-12 subset the MCP clients read). */
public final class Schemas {
  private Schemas() {}

  /** An object schema: no properties beyond those declared. */
  public static Obj object() {
    return new Obj();
  }

  public static JsonObject string(String description) {
    return new JsonObject().put("type", "string").put("description", description);
  }

  public static JsonObject string(String description, int maxLength) {
    return string(description).put("minLength", 1).put("maxLength", maxLength);
  }

  public static JsonObject enumOf(String description, String... values) {
    return string(description).put("enum", new JsonArray(List.of(values)));
  }

  public static JsonObject id(String description) {
    return new JsonObject()
        .put("type", "integer")
        .put("minimum", 1)
        .put("description", description);
  }

  public static JsonObject integer(String description, long min, long max) {
    return new JsonObject()
        .put("type", "integer")
        .put("minimum", min)
        .put("maximum", max)
        .put("description", description);
  }

  public static JsonObject bool(String description) {
    return new JsonObject().put("type", "boolean").put("description", description);
  }

  public static JsonObject date(String description) {
    return string(description).put("format", "date");
  }

  public static JsonObject dateTime(String description) {
    return string(description).put("format", "date-time");
  }

  public static JsonObject strings(String description, int maxItems, int maxLength) {
    return new JsonObject()
        .put("type", "array")
        .put("description", description)
        .put("minItems", 1)
        .put("maxItems", maxItems)
        .put(
            "items",
            new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", maxLength));
  }

  /** Any JSON object (an API resource passed through as the API answered it). */
  public static JsonObject anyObject(String description) {
    return new JsonObject().put("type", "object").put("description", description);
  }

  /** The output of a list tool: a page of {@code item}s. */
  public static JsonObject page(JsonObject item) {
    return object()
        .required("items", new JsonObject().put("type", "array").put("items", item))
        .required("total", integer("How many match in all, across every page", 0, Long.MAX_VALUE))
        .required("limit", integer("The page size used", 1, Cursors.MAX_LIMIT))
        .required("has_more", bool("Whether more items follow this page"))
        .required(
            "next_cursor",
            new JsonObject()
                .put("type", new JsonArray().add("string").add("null"))
                .put("description", "Pass as cursor to get the next page; null on the last page"))
        .open()
        .build();
  }

  /** limit and cursor, the arguments of every list tool. */
  public static Obj paged(Obj schema) {
    return schema
        .optional(
            "limit",
            integer(
                "Items per page, 1 to "
                    + Cursors.MAX_LIMIT
                    + " (default "
                    + Cursors.DEFAULT_LIMIT
                    + ")",
                1,
                Cursors.MAX_LIMIT))
        .optional(
            "cursor",
            string("The next_cursor of the previous page; leave out for the first page", 200));
  }

  /** An object schema under construction. */
  public static final class Obj {
    private final JsonObject properties = new JsonObject();
    private final List<String> required = new ArrayList<>();
    private boolean closed = true;

    public Obj required(String name, JsonObject schema) {
      properties.put(name, schema);
      required.add(name);
      return this;
    }

    public Obj optional(String name, JsonObject schema) {
      properties.put(name, schema);
      return this;
    }

    /** Allows properties beyond the declared ones (outputs that pass API resources through). */
    public Obj open() {
      closed = false;
      return this;
    }

    public JsonObject build() {
      JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
      if (!required.isEmpty()) {
        schema.put("required", new JsonArray(required));
      }
      if (closed) {
        schema.put("additionalProperties", false);
      }
      return schema;
    }
  }
}
