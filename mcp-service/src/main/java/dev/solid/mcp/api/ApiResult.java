package dev.solid.mcp.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the public API answered: status, JSON body (object, array or null), and the headers a tool
 * reports (rate limit, Retry-After).
 */
public record ApiResult(
    int status,
    Object body,
    String retryAfter,
    Long rateLimitRemaining,
    Long rateLimitLimit,
    Long rateLimitReset) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  public JsonObject object() {
    return body instanceof JsonObject o ? o : new JsonObject();
  }

  public JsonArray array() {
    return body instanceof JsonArray a ? a : new JsonArray();
  }
}
