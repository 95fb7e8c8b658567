package dev.solid.mcp.tool;

import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.api.ApiResult;
import dev.solid.mcp.api.PublicApi;
import dev.solid.mcp.hop.Hop;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** One call of a tool: its checked arguments, the hop it came on, and the API to call. */
public final class ToolCall {
  private final ToolSpec spec;
  private final JsonObject args;
  private final Hop hop;
  private final PublicApi api;
  private final String idempotencyKey;

  ToolCall(ToolSpec spec, JsonObject args, Hop hop, PublicApi api, String idempotencyKey) {
    this.spec = spec;
    this.args = args;
    this.hop = hop;
    this.api = api;
    this.idempotencyKey = idempotencyKey;
  }

  public Hop hop() {
    return hop;
  }

  public JsonObject args() {
    return args;
  }

  public String string(String name) {
    Object value = args.getValue(name);
    return value == null ? null : value.toString();
  }

  public Long number(String name) {
    Object value = args.getValue(name);
    return value instanceof Number n ? n.longValue() : null;
  }

  public Boolean bool(String name) {
    return args.getBoolean(name);
  }

  public JsonArray array(String name) {
    return args.getJsonArray(name);
  }

  /**
   * The Idempotency-Key of this call's write: the caller's {@code idempotency_key} argument, else
   * one derived from the MCP request (see {@link IdempotencyKeys}); {@code step} tells apart the
   * writes of one tool call.
   */
  public String idempotencyKey(int step) {
    return step == 0 ? idempotencyKey : idempotencyKey + "." + step;
  }

  public Uni<ApiResult> send(ApiCall call) {
    return api.send(hop, call);
  }

  /** Sends {@code call}; a problem answer becomes the tool's error result, else {@code onOk}. */
  public Uni<ToolResponse> call(ApiCall call, Function<ApiResult, ToolResponse> onOk) {
    return send(call).map(result -> result.ok() ? onOk.apply(result) : ToolResults.problem(result));
  }

  /**
   * Sends a list call with this call's {@code limit} and {@code cursor}, and answers the page in
   * the tools' list shape (items, total, has_more, next_cursor).
   */
  public Uni<ToolResponse> list(ApiCall call, String noun) {
    Cursors.Page page = Cursors.page(number("limit"), string("cursor"));
    ApiCall paged = call.param("limit", page.limit()).param("offset", page.offset());
    return call(paged, result -> ToolResults.page(result.object(), page, noun));
  }

  ToolSpec spec() {
    return spec;
  }
}
