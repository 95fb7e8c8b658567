package dev.solid.gateway.proxy;

import dev.solid.gateway.auth.Principal;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;

/** A request as it leaves the pipeline for its target, authenticated and validated. */
public record ApiRequest(
    String requestId,
    HttpMethod method,
    String path,
    String query,
    MultiMap headers,
    Buffer body,
    String clientAddress,
    Principal principal,
    Map<String, String> pathVariables) {

  public String pathVariable(String name) {
    return pathVariables.get(name);
  }
}
