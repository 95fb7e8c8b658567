package dev.solid.mcp.tool;

import dev.solid.mcp.api.ApiResult;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The tools' answers: structured content plus a short text rendering of it, and errors in the
 * public API's own shape ({@code code}, {@code message}, {@code details}) with {@code isError}.
 */
public final class ToolResults {
  private ToolResults() {}

  public static ToolResponse ok(JsonObject structured, String text) {
    return new ToolResponse(false, List.of(new TextContent(text)), structured, null);
  }

  /** The API's problem answer as the tool's error result; a 429 says when to retry. */
  public static ToolResponse problem(ApiResult result) {
    JsonObject body = result.object();
    String code = body.getString("code", fallbackCode(result.status()));
    String message = body.getString("message", body.getString("title", "The API refused"));
    JsonObject error =
        new JsonObject()
            .put("code", code)
            .put("message", message)
            .put("status", result.status())
            .put("details", body.getValue("details") instanceof JsonArray d ? d : new JsonArray());
    if (body.getString("request_id") != null) {
      error.put("request_id", body.getString("request_id"));
    }
    for (Object detail : error.getJsonArray("details")) {
      if (detail instanceof JsonObject d && "missing_scope".equals(d.getString("error"))) {
        error.put("missing_scope", String.valueOf(d.getValue("received")));
      }
    }
    StringBuilder text = new StringBuilder(code).append(": ").append(message);
    for (Object detail : error.getJsonArray("details")) {
      if (detail instanceof JsonObject d && d.getString("field") != null) {
        text.append("\n- ").append(d.getString("field")).append(": ").append(d.getValue("error"));
      }
    }
    if (result.status() == 429) {
      Long seconds = retryAfter(result);
      error.put("retry_after_seconds", seconds);
      text.append(
          seconds == null
              ? "\nRetry later."
              : "\nRetry in " + seconds + " second" + (seconds == 1 ? "" : "s") + ".");
    }
    return error(error, text.toString());
  }

  /** The caller lacks {@code scope}: refused before any API call. */
  public static ToolResponse forbidden(String tool, String scope) {
    String message =
        "The tool "
            + tool
            + " needs the scope "
            + scope
            + ", which these credentials do not have. Nothing was done.";
    return error(
        new JsonObject()
            .put("code", "forbidden")
            .put("message", message)
            .put("status", 403)
            .put("missing_scope", scope)
            .put(
                "details",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("field", "scope")
                            .put("error", "missing_scope")
                            .put("received", scope))),
        "forbidden: " + message);
  }

  /** Arguments that do not fit the tool's input schema: nothing was sent to the API. */
  public static ToolResponse invalid(JsonArray details) {
    String message = "The tool's arguments are invalid; nothing was done";
    StringBuilder text = new StringBuilder("validation_error: ").append(message);
    for (Object detail : details) {
      JsonObject d = (JsonObject) detail;
      text.append("\n- ").append(d.getString("field")).append(": ").append(d.getString("error"));
    }
    return error(
        new JsonObject()
            .put("code", "validation_error")
            .put("message", message)
            .put("status", 422)
            .put("details", details),
        text.toString());
  }

  /** The request reached mcp-service without what the gateway must add to it. */
  public static ToolResponse unauthorized() {
    String message =
        "The request carries no caller credentials; call the MCP server through the gateway";
    return error(
        new JsonObject()
            .put("code", "unauthorized")
            .put("message", message)
            .put("status", 401)
            .put("details", new JsonArray()),
        "unauthorized: " + message);
  }

  /** The API could not be reached or did not answer in time (the call may or may not have run). */
  public static ToolResponse unavailable(boolean write) {
    String message =
        write
            ? "The API did not answer; the change may or may not have been made. Retry the same"
                + " call: it is idempotent and will not be applied twice"
            : "The API did not answer; retry the call";
    return error(
        new JsonObject()
            .put("code", "service_unavailable")
            .put("message", message)
            .put("status", 503)
            .put("details", new JsonArray()),
        "service_unavailable: " + message);
  }

  static ToolResponse error(JsonObject structured, String text) {
    return new ToolResponse(true, List.of(new TextContent(text)), structured, null);
  }

  /** A page of a list tool: items, total, has_more, next_cursor, in the tools' shape. */
  static ToolResponse page(JsonObject body, Cursors.Page page, String noun) {
    JsonArray items = body.getJsonArray("items", new JsonArray());
    long total = body.getLong("total", (long) items.size());
    long next = page.offset() + items.size();
    boolean more = body.getBoolean("has_more", next < total);
    JsonObject structured =
        new JsonObject()
            .put("items", items)
            .put("total", total)
            .put("limit", page.limit())
            .put("has_more", more)
            .put("next_cursor", more ? Cursors.encode(next) : null);
    String text =
        items.isEmpty()
            ? "No " + noun + " found (total " + total + ")."
            : "Showing "
                + noun
                + " "
                + (page.offset() + 1)
                + "-"
                + next
                + " of "
                + total
                + (more ? "; more exist: call again with cursor=" + Cursors.encode(next) : ".")
                + "\n"
                + items.encode();
    return ok(structured, text);
  }

  private static Long retryAfter(ApiResult result) {
    try {
      if (result.retryAfter() != null) {
        return Long.valueOf(result.retryAfter().trim());
      }
    } catch (NumberFormatException ignored) {
      // An HTTP date instead of seconds: fall back to the reset the rate limit headers say.
    }
    return result.rateLimitReset();
  }

  private static String fallbackCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 409 -> "conflict";
      case 422 -> "validation_error";
      case 429 -> "rate_limit_exceeded";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
  }
}
