package dev.solid.payments.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Local stand-ins for what payments-service calls: crm-service's contact API (a contact exists for
 * the company and mode of the caller's token, as crm scopes it) and, on the same port, Stripe's
 * REST API ({@link StripeStandIn}). Started once per test JVM; tests register contacts, script
 * Stripe, and read the requests each saw.
 */
public final class StandIns implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static StandIns instance;

  private final HttpServer server;
  private final Map<String, Set<Long>> contacts = new ConcurrentHashMap<>();
  private final List<String> crmRequests = new CopyOnWriteArrayList<>();
  private final StripeStandIn stripe;
  private volatile int crmFailure;

  private StandIns() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/crm/contacts/", this::crm);
    stripe = new StripeStandIn(server);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  public static synchronized StandIns instance() {
    if (instance == null) {
      try {
        instance = new StandIns();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  public String baseUrl() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** Stripe's stand-in, on the same port. */
  public StripeStandIn stripe() {
    return stripe;
  }

  /** crm has contact {@code id} in this company and mode. */
  public void contact(long companyId, boolean livemode, long id) {
    contacts
        .computeIfAbsent(companyId + ":" + livemode, k -> ConcurrentHashMap.newKeySet())
        .add(id);
  }

  /** crm answers every lookup with this status (0: normally again). */
  public void crmFailure(int status) {
    crmFailure = status;
  }

  /** The paths crm was asked for. */
  public List<String> crmRequests() {
    return List.copyOf(crmRequests);
  }

  private void crm(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      crmRequests.add(path);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Bearer ")) {
        answer(exchange, 401, "{\"code\":\"unauthorized\"}");
        return;
      }
      if (crmFailure != 0) {
        answer(exchange, crmFailure, "{\"code\":\"scripted\"}");
        return;
      }
      JsonNode claims = claims(auth.substring("Bearer ".length()));
      if (!claims.path("groups").toString().contains("read:contacts")) {
        answer(exchange, 403, "{\"code\":\"forbidden\"}");
        return;
      }
      long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
      String tenant = claims.path("cid").asLong() + ":" + claims.path("live").asBoolean();
      if (contacts.getOrDefault(tenant, Set.of()).contains(id)) {
        answer(exchange, 200, "{\"id\":" + id + ",\"name\":\"Stand-in Contact\"}");
      } else {
        answer(exchange, 404, "{\"code\":\"not_found\"}");
      }
    }
  }

  /** The claims of a JWT, unverified: the stand-in trusts the test's own tokens. */
  static JsonNode claims(String jwt) throws IOException {
    String[] parts = jwt.split("\\.");
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
  }

  static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
