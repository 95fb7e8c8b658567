package dev.solid.mcp.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One public API request a tool makes: method, path under the gateway, query, JSON body and, for a
 * write, its Idempotency-Key.
 */
public record ApiCall(
    HttpMethod method,
    String path,
    Map<String, String> query,
    JsonObject body,
    String idempotencyKey) {

  public ApiCall {
    query = Map.copyOf(query);
  }

  public static ApiCall get(String path) {
    return new ApiCall(HttpMethod.GET, path, Map.of(), null, null);
  }

  public static ApiCall write(HttpMethod method, String path, JsonObject body, String key) {
    return new ApiCall(method, path, Map.of(), body, key);
  }

  /** This call with {@code name=value} in its query; a null value is left out. */
  public ApiCall param(String name, Object value) {
    if (value == null) {
      return this;
    }
    Map<String, String> more = new LinkedHashMap<>(query);
    more.put(name, String.valueOf(value));
    return new ApiCall(method, path, more, body, idempotencyKey);
  }

  /** A path segment from a tool argument, encoded so that it cannot leave its segment. */
  public static String segment(Object value) {
    return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
  }
}
