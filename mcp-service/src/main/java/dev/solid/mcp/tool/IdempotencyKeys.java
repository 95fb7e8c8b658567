package dev.solid.mcp.tool;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Idempotency-Key a write tool sends, derived from the MCP request: the client-facing session,
 * the JSON-RPC request id, the tool and a digest of its arguments in canonical form (keys sorted).
 * A client retrying the same request (same id, same arguments) gets the gateway's replay of the
 * first answer, so a retried call never creates a contact or sends a message twice; a new request
 * (new id) is a new operation.
 */
public final class IdempotencyKeys {
  static final String ARGUMENT = "idempotency_key";

  private IdempotencyKeys() {}

  public static String derive(String session, String requestId, String tool, JsonObject args) {
    JsonObject withoutOverride = args.copy();
    withoutOverride.remove(ARGUMENT);
    String material = session + '\n' + requestId + '\n' + tool + '\n' + canonical(withoutOverride);
    return "mcp_" + digest(material);
  }

  /** JSON with every object's keys sorted, so that equal arguments give equal text. */
  static String canonical(Object value) {
    if (value instanceof JsonObject object) {
      return canonical(object.getMap());
    }
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      StringBuilder out = new StringBuilder("{");
      sorted.forEach(
          (k, v) -> {
            if (out.length() > 1) {
              out.append(',');
            }
            out.append(io.vertx.core.json.Json.encode(k)).append(':').append(canonical(v));
          });
      return out.append('}').toString();
    }
    if (value instanceof JsonArray array) {
      return canonical(array.getList());
    }
    if (value instanceof Iterable<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (Object item : list) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(canonical(item));
      }
      return out.append(']').toString();
    }
    return io.vertx.core.json.Json.encode(value);
  }

  private static String digest(String material) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
