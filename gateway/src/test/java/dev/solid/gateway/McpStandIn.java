package dev.solid.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two stand-in mcp-service replicas ("a" and "b") for the gateway's MCP tests: small Streamable
 * HTTP servers on 127.0.0.1 that, like the Quarkus extension, issue a session id on {@code
 * initialize}, answer 404 (plain text) to a session they do not know, 400 (plain text) to an Accept
 * without both media types, and 202 to notifications. {@code tools/list} answers which replica and
 * upstream session answered; {@code tools/call} of {@code stream} answers an event stream whose
 * second event waits for {@link Replica#releaseStream()}; of {@code fail} a JSON-RPC error. A GET
 * opens an event stream that sends one event and ends. {@link Replica#restart()} forgets every
 * session, as a restarted replica does.
 */
public class McpStandIn implements QuarkusTestResourceLifecycleManager {
  static final Replica A = new Replica("a");
  static final Replica B = new Replica("b");
  private Vertx vertx;

  /** What a replica received: the method (JSON-RPC or HTTP) and the headers. */
  record Received(String method, String session, MultiMap headers, String body) {}

  static final class Replica {
    final String name;
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger initializes = new AtomicInteger();
    final AtomicInteger counter = new AtomicInteger();
    volatile Promise<Void> streamGate = Promise.promise();
    volatile int port;

    Replica(String name) {
      this.name = name;
    }

    void restart() {
      sessions.clear();
    }

    void releaseStream() {
      streamGate.tryComplete();
    }

    List<Received> receivedIn(String session) {
      return received.stream().filter(r -> session.equals(r.session())).toList();
    }

    List<Received> withClientSession(String clientSession) {
      return received.stream()
          .filter(r -> clientSession.equals(r.headers().get("Solid-Mcp-Session")))
          .toList();
    }

    void handle(HttpServerRequest request) {
      request
          .body()
          .onSuccess(
              buffer -> {
                String session = request.getHeader("Mcp-Session-Id");
                String body = buffer.toString();
                MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
                if (request.method() != HttpMethod.POST) {
                  received.add(new Received(request.method().name(), session, headers, body));
                  if (session == null || !sessions.contains(session)) {
                    plain(request, 404, "Not Found");
                  } else if (request.method() == HttpMethod.DELETE) {
                    sessions.remove(session);
                    request.response().end();
                  } else {
                    request
                        .response()
                        .putHeader("Content-Type", "text/event-stream")
                        .setChunked(true)
                        .end("event: message\ndata: {\"replica\":\"" + name + "\"}\n\n");
                  }
                  return;
                }
                JsonObject message = new JsonObject(body);
                String method = message.getString("method");
                received.add(new Received(method, session, headers, body));
                String accept = String.join(",", request.headers().getAll("Accept"));
                if (!accept.contains("application/json") || !accept.contains("text/event-stream")) {
                  plain(request, 400, "Bad Request");
                  return;
                }
                if ("initialize".equals(method)) {
                  initializes.incrementAndGet();
                  String id = "up-" + name + "-" + counter.incrementAndGet();
                  sessions.add(id);
                  json(
                      request,
                      id,
                      new JsonObject()
                          .put("jsonrpc", "2.0")
                          .put("id", message.getValue("id"))
                          .put(
                              "result",
                              new JsonObject()
                                  .put("protocolVersion", "2025-06-18")
                                  .put("capabilities", new JsonObject())
                                  .put(
                                      "serverInfo",
                                      new JsonObject().put("name", "stand-in " + name))));
                  return;
                }
                if (session == null || !sessions.contains(session)) {
                  plain(request, 404, "Not Found");
                  return;
                }
                if (method == null || method.startsWith("notifications/")) {
                  request.response().setStatusCode(202).end();
                  return;
                }
                JsonObject params = message.getJsonObject("params", new JsonObject());
                if ("tools/call".equals(method) && "stream".equals(params.getString("name"))) {
                  stream(request, message);
                  return;
                }
                if ("tools/call".equals(method) && "fail".equals(params.getString("name"))) {
                  json(
                      request,
                      null,
                      new JsonObject()
                          .put("jsonrpc", "2.0")
                          .put("id", message.getValue("id"))
                          .put(
                              "error",
                              new JsonObject()
                                  .put("code", -32602)
                                  .put("message", "Invalid params from " + name)));
                  return;
                }
                json(
                    request,
                    null,
                    new JsonObject()
                        .put("jsonrpc", "2.0")
                        .put("id", message.getValue("id"))
                        .put(
                            "result",
                            new JsonObject()
                                .put("replica", name)
                                .put("session", session)
                                .put("method", method)));
              });
    }

    private void stream(HttpServerRequest request, JsonObject message) {
      var response =
          request.response().putHeader("Content-Type", "text/event-stream").setChunked(true);
      response.write(
          "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n");
      streamGate
          .future()
          .onComplete(
              ignored ->
                  response.end(
                      "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":"
                          + message.getValue("id")
                          + ",\"result\":{\"replica\":\""
                          + name
                          + "\"}}\n\n"));
    }

    private static void plain(HttpServerRequest request, int status, String text) {
      request
          .response()
          .setStatusCode(status)
          .putHeader("Content-Type", "text/plain; charset=UTF-8")
          .end(text);
    }

    private static void json(HttpServerRequest request, String session, JsonObject body) {
      var response = request.response().putHeader("Content-Type", "application/json");
      if (session != null) {
        response.putHeader("Mcp-Session-Id", session);
      }
      response.end(body.encode());
    }
  }

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    for (Replica replica : List.of(A, B)) {
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(replica::handle)
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .join();
      replica.port = server.actualPort();
    }
    return Map.of(
        "solid.gateway.services.mcp",
        "http://127.0.0.1:" + A.port + ", http://127.0.0.1:" + B.port,
        "solid.gateway.mcp.allowed-origins",
        "https://app.example.com");
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS);
    }
  }
}
