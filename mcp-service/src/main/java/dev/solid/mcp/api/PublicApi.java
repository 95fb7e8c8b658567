package dev.solid.mcp.api;

import dev.solid.mcp.McpConfig;
import dev.solid.mcp.hop.Hop;
import dev.solid.mcp.hop.HopHeaders;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * The public API, called through the gateway as the caller: their own Authorization header, the
 * delegation proof of this hop, and the write's Idempotency-Key.
 *
 * <p>A generic client rather than a typed REST client per endpoint: the tools forward to some
 * thirty public operations whose bodies they pass through untouched, and the gateway's problem
 * answers must reach the tool as sent (status, body, Retry-After), so a declarative client with its
 * own mapping of every operation would be a second copy of the public contract.
 */
@ApplicationScoped
public class PublicApi {
  private final WebClient client;
  private final McpConfig config;
  private final URI gateway;

  public PublicApi(Vertx vertx, McpConfig config) {
    this.config = config;
    this.gateway = URI.create(config.gatewayUrl());
    WebClientOptions options =
        new WebClientOptions()
            .setDefaultHost(gateway.getHost())
            .setDefaultPort(port(gateway))
            .setSsl("https".equals(gateway.getScheme()))
            .setKeepAlive(true)
            .setMaxPoolSize(64)
            .setUserAgent("solid-mcp-service");
    this.client = WebClient.create(vertx, options);
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** Sends {@code call} as the caller of {@code hop}; a transport failure is a failed Uni. */
  public Uni<ApiResult> send(Hop hop, ApiCall call) {
    String base = gateway.getPath() == null ? "" : gateway.getPath().replaceAll("/+$", "");
    HttpRequest<Buffer> request =
        client
            .request(call.method(), base + call.path())
            .timeout(config.callTimeout().toMillis())
            .putHeader("Authorization", hop.callerAuthorization())
            .putHeader(HopHeaders.DELEGATION, hop.delegation())
            .putHeader("Accept", "application/json");
    if (hop.requestId() != null) {
      // The gateway mints its own request id for the inner call; this one links the two in logs.
      request.putHeader("Solid-Mcp-Request-Id", hop.requestId());
    }
    call.query().forEach(request::addQueryParam);
    if (call.idempotencyKey() != null) {
      request.putHeader("Idempotency-Key", call.idempotencyKey());
    }
    Uni<HttpResponse<Buffer>> response =
        call.body() == null
            ? request.send()
            : request
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(call.body().encode()));
    return response.map(PublicApi::result);
  }

  private static ApiResult result(HttpResponse<Buffer> response) {
    Object body = null;
    Buffer buffer = response.body();
    if (buffer != null && buffer.length() > 0) {
      try {
        body = Json.decodeValue(buffer.getDelegate());
      } catch (RuntimeException notJson) {
        body = new JsonObject().put("message", "The API answered with a body that is not JSON");
      }
    }
    return new ApiResult(
        response.statusCode(),
        body,
        response.getHeader("Retry-After"),
        number(response.getHeader(HopHeaders.RATE_LIMIT_REMAINING)),
        number(response.getHeader(HopHeaders.RATE_LIMIT_LIMIT)),
        number(response.getHeader(HopHeaders.RATE_LIMIT_RESET)));
  }

  private static Long number(String header) {
    try {
      return header == null ? null : Long.valueOf(header.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
