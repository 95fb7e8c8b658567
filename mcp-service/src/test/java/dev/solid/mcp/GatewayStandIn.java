package dev.solid.mcp;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP stand-in for the gateway's public API: it records every request the tools make and
 * answers what the test scripted (by method and path), else a 404 problem. The real gateway is
 * exercised by the deploy module's end-to-end tests.
 */
public class GatewayStandIn implements QuarkusTestResourceLifecycleManager {
  private final Vertx vertx = Vertx.vertx();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final List<Answer> answers = new CopyOnWriteArrayList<>();
  private HttpServer server;

  /** Marks the test's field the stand-in is injected into. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  public record Recorded(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  record Answer(String method, String path, int status, String body, Map<String, String> headers) {}

  @Override
  public Map<String, String> start() {
    try {
      server =
          vertx
              .createHttpServer()
              .requestHandler(
                  request ->
                      request.body(
                          body -> {
                            Map<String, String> headers = new java.util.HashMap<>();
                            request
                                .headers()
                                .forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                            Map<String, String> query = new java.util.HashMap<>();
                            request.params().forEach(p -> query.put(p.getKey(), p.getValue()));
                            requests.add(
                                new Recorded(
                                    request.method().name(),
                                    request.path(),
                                    query,
                                    headers,
                                    body.succeeded() ? body.result().toString() : ""));
                            Answer answer = find(request.method().name(), request.path());
                            var response =
                                request
                                    .response()
                                    .setStatusCode(answer.status())
                                    .putHeader("Content-Type", "application/json");
                            answer.headers().forEach(response::putHeader);
                            response.end(answer.body());
                          }))
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("The gateway stand-in did not start", e);
    }
    return Map.of("solid.mcp.gateway-url", "http://127.0.0.1:" + server.actualPort());
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        this, new TestInjector.AnnotatedAndMatchesType(Inject.class, GatewayStandIn.class));
  }

  @Override
  public void stop() {
    vertx.close();
  }

  /** From now on, {@code method path} answers {@code status} with {@code body}. */
  public void answer(
      String method, String path, int status, JsonObject body, Map<String, String> headers) {
    answers.add(0, new Answer(method, path, status, body.encode(), headers));
  }

  public void answer(String method, String path, int status, JsonObject body) {
    answer(method, path, status, body, Map.of());
  }

  public void reset() {
    requests.clear();
    answers.clear();
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  private Answer find(String method, String path) {
    for (Answer answer : answers) {
      if (answer.method().equals(method) && answer.path().equals(path)) {
        return answer;
      }
    }
    return new Answer(
        method,
        path,
        404,
        new JsonObject()
            .put("code", "not_found")
            .put("message", "The stand-in has no answer for " + method + " " + path)
            .put("status", 404)
            .encode(),
        Map.of());
  }
}
