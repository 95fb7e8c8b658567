package dev.solid.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Chrome DevTools Protocol over the JDK's WebSocket, enough to drive one page: open a tab,
 * navigate, evaluate JavaScript in it, type text as keyboard input. No WebDriver, no dependency.
 */
public final class DevTools implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private volatile String session;

  private DevTools(WebSocket socket) {
    this.socket = socket;
  }

  /** Connects to the browser and attaches to a new blank tab. */
  public static DevTools open(URI browser) throws Exception {
    Listener listener = new Listener();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(browser, listener)
            .get(10, TimeUnit.SECONDS);
    DevTools tools = new DevTools(socket);
    listener.tools = tools;
    String target =
        tools
            .browserCall("Target.createTarget", Map.of("url", "about:blank"))
            .path("targetId")
            .asText();
    tools.session =
        tools
            .browserCall("Target.attachToTarget", Map.of("targetId", target, "flatten", true))
            .path("sessionId")
            .asText();
    tools.call("Page.enable", Map.of());
    tools.call("Runtime.enable", Map.of());
    return tools;
  }

  public void navigate(String url) throws Exception {
    JsonNode result = call("Page.navigate", Map.of("url", url));
    if (result.hasNonNull("errorText")) {
      throw new IllegalStateException(
          "Navigation to " + url + " failed: " + result.path("errorText").asText());
    }
  }

  /** The value of a JavaScript expression in the page (awaited when a promise). */
  public JsonNode evaluate(String expression) throws Exception {
    JsonNode result =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("Script failed: " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Focuses the field named {@code name} and types {@code text} into it as keyboard input. */
  public void type(String name, String text) throws Exception {
    evaluate(
        "(() => { const f = document.querySelector('[name=\""
            + name
            + "\"]'); f.focus(); f.select(); return true; })()");
    call("Input.insertText", Map.of("text", text));
  }

  /** Clicks the element with this id, as a mouse would, at its centre. */
  public void click(String id) throws Exception {
    JsonNode box =
        evaluate(
            "(() => { const e = document.getElementById('"
                + id
                + "'); e.scrollIntoView();"
                + " const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
    for (String type : new String[] {"mousePressed", "mouseReleased"}) {
      call(
          "Input.dispatchMouseEvent",
          Map.of(
              "type",
              type,
              "x",
              box.path("x").asDouble(),
              "y",
              box.path("y").asDouble(),
              "button",
              "left",
              "clickCount",
              1));
    }
  }

  private JsonNode browserCall(String method, Map<String, Object> params) throws Exception {
    return send(null, method, params);
  }

  private JsonNode call(String method, Map<String, Object> params) throws Exception {
    return send(session, method, params);
  }

  private JsonNode send(String sessionId, String method, Map<String, Object> params)
      throws Exception {
    long id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    synchronized (socket) {
      socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    }
    JsonNode reply = answer.get(30, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.path("error"));
    }
    return reply.path("result");
  }

  private void received(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asLong());
        if (answer != null) {
          answer.complete(message);
        }
      }
    } catch (Exception e) {
      // not an answer we wait for
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser is closed right after anyway
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private volatile DevTools tools;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (tools != null) {
          tools.received(text);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
