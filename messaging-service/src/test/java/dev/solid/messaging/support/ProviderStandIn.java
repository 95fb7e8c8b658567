package dev.solid.messaging.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local stand-in for Twilio's Messages API, Telegram's Bot API and crm-service's contact API. It
 * checks requests the way the real APIs do (basic auth SID:token and required To/From/Body for
 * Twilio; the bot token in the path and chat_id/text for Telegram, where a user's "@username" is
 * "chat not found" as for a real bot; crm's bearer token) and answers like them. Tests script
 * failures per recipient and read every request it saw.
 */
public final class ProviderStandIn implements AutoCloseable {
  public static final String TWILIO_SID = "AC00000000000000000000000000000001";
  public static final String TWILIO_TOKEN = "twilio-auth-token";
  public static final String BOT_TOKEN = "123456:telegram-bot-token";

  /**
   * Scripted "status": take the request, then answer 200 only after the provider timeout (for crm:
   * trickle the answer past the lookup's deadline).
   */
  public static final int SLOW = -1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ProviderStandIn instance;

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  // crm stand-in: the contacts each bearer token may see, and the tokens that asked.
  private final Map<String, List<JsonNode>> crmContacts = new ConcurrentHashMap<>();
  private final List<String> crmRequests = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> crmFailures = new ConcurrentHashMap<>();

  /** One request as the stand-in saw it; {@code accepted} when it answered 2xx. */
  public record Request(String api, String to, String text, int status) {
    public boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  private ProviderStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/2010-04-01/Accounts/", this::twilio);
    server.createContext("/api/v1/crm/contacts", this::crm);
    server.createContext("/", this::telegram);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  public static synchronized ProviderStandIn instance() {
    if (instance == null) {
      try {
        instance = new ProviderStandIn();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next answers for this recipient (e.g. 503 then the default success). */
  public void script(String to, Integer... statuses) {
    scripted.computeIfAbsent(to, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
  }

  public List<Request> requestsTo(String to) {
    return requests.stream().filter(r -> to.equals(r.to())).toList();
  }

  public int total() {
    return requests.size();
  }

  /** crm will show this contact (JSON as crm's API writes it) to callers with this token. */
  public void crmContact(String bearer, String contactJson) {
    try {
      crmContacts
          .computeIfAbsent(bearer, k -> new CopyOnWriteArrayList<>())
          .add(JSON.readTree(contactJson));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * crm answers every request with this token with this status (e.g. 500, or 403 as for a key
   * without read:contacts), or with {@link #SLOW} trickles its answer for 6 s.
   */
  public void crmFailure(String bearer, int status) {
    crmFailures.put(bearer, status);
  }

  /** "Bearer …" header values crm was called with, with the path and query. */
  public List<String> crmRequests() {
    return List.copyOf(crmRequests);
  }

  private void crm(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String pathAndQuery = exchange.getRequestURI().toString();
    crmRequests.add(auth + " " + pathAndQuery);
    if (auth == null || !auth.startsWith("Bearer ")) {
      answer(exchange, 401, "{\"code\":\"unauthorized\",\"status\":401}");
      return;
    }
    String token = auth.substring("Bearer ".length());
    Integer failure = crmFailures.get(token);
    if (failure != null && failure == SLOW) {
      trickle(exchange);
      return;
    }
    if (failure != null) {
      answer(
          exchange,
          failure,
          "{\"code\":\""
              + (failure == 403 ? "forbidden" : "internal_error")
              + "\",\"status\":"
              + failure
              + "}");
      return;
    }
    // Like crm: a caller sees its own company's contacts only, none of another's.
    List<JsonNode> visible = crmContacts.getOrDefault(token, List.of());
    String path = exchange.getRequestURI().getPath();
    if (path.matches("/api/v1/crm/contacts/\\d+")) {
      long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
      JsonNode found =
          visible.stream().filter(c -> c.path("id").asLong() == id).findFirst().orElse(null);
      if (found == null) {
        answer(exchange, 404, "{\"code\":\"not_found\",\"status\":404}");
      } else {
        answer(exchange, 200, found.toString());
      }
      return;
    }
    String search =
        form(exchange.getRequestURI().getRawQuery() == null
                ? ""
                : exchange.getRequestURI().getRawQuery())
            .getOrDefault("search", "")
            .toLowerCase();
    String name = search.startsWith("@") ? search.substring(1) : search;
    List<JsonNode> items =
        visible.stream()
            .filter(
                c ->
                    c.path("phone").asText("").contains(search)
                        || c.path("username").asText("").toLowerCase().contains(name))
            .toList();
    answer(
        exchange,
        200,
        "{\"items\":"
            + JSON.writeValueAsString(items)
            + ",\"total\":"
            + items.size()
            + ",\"limit\":200,\"offset\":0,\"has_more\":false}");
  }

  private void twilio(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String sid = path.replaceFirst("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$", "$1");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((TWILIO_SID + ":" + TWILIO_TOKEN).getBytes(StandardCharsets.UTF_8));
    if (sid.equals(path) || !"POST".equals(exchange.getRequestMethod())) {
      answer(
          exchange, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\"}");
      return;
    }
    if (!TWILIO_SID.equals(sid)
        || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
      return;
    }
    Map<String, String> form = form(read(exchange.getRequestBody()));
    String to = form.get("To");
    if (to == null || form.get("From") == null || form.get("Body") == null) {
      answer(
          exchange,
          400,
          "{\"code\":21604,\"message\":\"A 'To' phone number is required.\",\"status\":400}");
      return;
    }
    int status = next(to, 201);
    requests.add(new Request("twilio", to, form.get("Body"), status));
    if (status == SLOW) {
      sleepPastTheTimeout();
      answer(exchange, 201, "{\"sid\":\"SM" + ids.incrementAndGet() + "\",\"status\":\"queued\"}");
      return;
    }
    if (status == 201) {
      answer(
          exchange,
          201,
          "{\"sid\":\"SM"
              + ids.incrementAndGet()
              + "\",\"status\":\"queued\",\"to\":\""
              + to
              + "\"}");
    } else if (status == 400) {
      answer(
          exchange,
          400,
          "{\"code\":21211,\"message\":\"The 'To' number "
              + to
              + " is not a valid phone number.\",\"status\":400}");
    } else {
      answer(
          exchange,
          status,
          "{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":" + status + "}");
    }
  }

  private void telegram(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith("/bot") || !path.endsWith("/sendMessage")) {
      answer(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
      return;
    }
    String token = path.substring(4, path.length() - "/sendMessage".length());
    if (!BOT_TOKEN.equals(token)) {
      answer(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
      return;
    }
    JsonNode body = JSON.readTree(read(exchange.getRequestBody()));
    String to = body.path("chat_id").asText("");
    String text = body.path("text").asText("");
    if (to.isEmpty() || text.isEmpty()) {
      answer(
          exchange,
          400,
          "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}");
      return;
    }
    if (to.startsWith("@")) {
      // The real Bot API: a bot cannot start a chat with a user by username (only a public
      // channel or group has an "@name" chat id), so this is what a live bot gets.
      requests.add(new Request("telegram", to, text, 400));
      answer(
          exchange,
          400,
          "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
      return;
    }
    int status = next(to, 200);
    requests.add(new Request("telegram", to, text, status));
    if (status == SLOW) {
      sleepPastTheTimeout();
      answer(
          exchange, 200, "{\"ok\":true,\"result\":{\"message_id\":" + ids.incrementAndGet() + "}}");
      return;
    }
    if (status == 200) {
      answer(
          exchange,
          200,
          "{\"ok\":true,\"result\":{\"message_id\":"
              + ids.incrementAndGet()
              + ",\"text\":"
              + JSON.writeValueAsString(text)
              + "}}");
    } else if (status == 400) {
      answer(
          exchange,
          400,
          "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
    } else {
      answer(
          exchange,
          status,
          "{\"ok\":false,\"error_code\":"
              + status
              + ",\"description\":\""
              + (status == 403 ? "Forbidden: bot was blocked by the user" : "Internal Server Error")
              + "\"}");
    }
  }

  /**
   * Answers 200 with one byte every 250 ms for 6 s: never idle, so only a deadline on the whole
   * exchange (3 s for crm lookups) gives up on it. The sleeps are the slow crm under test.
   */
  private static void trickle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (var out = exchange.getResponseBody()) {
      for (int i = 0; i < 24; i++) {
        out.write(' ');
        out.flush();
        Thread.sleep(250);
      }
      out.write("{\"id\":1}".getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException closedByTheClient) {
      // the lookup gave up, as it should
    }
  }

  private static void sleepPastTheTimeout() {
    try {
      // Longer than the provider timeout the tests configure (ProviderStandInResource: 3 s).
      Thread.sleep(6_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int next(String to, int fallback) {
    Deque<Integer> queue = scripted.get(to);
    Integer s = queue == null ? null : queue.pollFirst();
    return s == null ? fallback : s;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
