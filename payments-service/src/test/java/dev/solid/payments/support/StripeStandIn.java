package dev.solid.payments.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.solid.payments.processor.TestCards;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stripe's REST API as payments-service uses it ({@code POST /v1/payment_intents} with {@code
 * confirm=true}, {@code POST /v1/refunds}, Checkout Sessions: {@code POST /v1/checkout/sessions},
 * {@code GET …/{id}}, {@code POST …/{id}/expire}), checking requests the way Stripe does:
 *
 * <ul>
 *   <li>{@code Authorization: Bearer} must be {@link #SECRET_KEY} (else 401 with Stripe's error
 *       JSON), the body form-encoded, {@code amount} a positive integer, {@code currency} and
 *       {@code payment_method} present (else 400, not saved for the key);
 *   <li>{@code Idempotency-Key}: the same key with the same parameters replays the first response
 *       byte for byte with {@code Idempotent-Replayed: true}; with other parameters it is 400
 *       {@code idempotency_error}; while the first is still running, 409;
 *   <li>payment methods behave as Stripe's test ones: {@code pm_card_visa} succeeds, the {@code
 *       pm_card_chargeDeclined…} ones are 402 {@code card_error} with their decline codes, {@code
 *       pm_card_authenticationRequired} answers {@code requires_action}, an unknown one is 400
 *       {@code resource_missing};
 *   <li>refunds never exceed what is left of the PaymentIntent (400);
 *   <li>a Checkout Session needs {@code mode=payment}, {@code line_items[0][price_data]} with
 *       {@code currency}, a positive {@code unit_amount} and {@code product_data[name]}, a positive
 *       {@code line_items[0][quantity]}, absolute {@code success_url} and {@code cancel_url}, an
 *       {@code expires_at} 30 minutes to 24 hours ahead, and no parameter the stand-in does not
 *       know (400); only an open one can be expired (400). Its {@code url} is on the stand-in
 *       ({@link #checkoutOrigin}); tests pay it ({@link #completeSession}), let it run out ({@link
 *       #expireSession}) and get the events Stripe would send ({@link #sessionEvent}).
 * </ul>
 *
 * Tests script failures per order (the {@code metadata[solid_order_id]} of the request): the next N
 * calls fail with a status before anything runs (as a Stripe outage does, so nothing is saved for
 * the key), or take longer than the service's deadline while the PaymentIntent is created.
 */
public final class StripeStandIn {
  public static final String SECRET_KEY = "sk_test_standin";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the stand-in saw it. */
  public record Request(
      String path,
      String authorization,
      String idempotencyKey,
      String stripeVersion,
      String contentType,
      Map<String, List<String>> params,
      int status,
      boolean replayed) {
    public String param(String name) {
      List<String> values = params.get(name);
      return values == null ? null : values.get(0);
    }
  }

  private record Saved(String path, Map<String, List<String>> params, int status, byte[] body) {}

  private record Answer(int status, String body) {}

  private record Intent(String id, long amount, String currency, String status) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Saved> saved = new ConcurrentHashMap<>();
  private final Map<String, Boolean> running = new ConcurrentHashMap<>();
  private final Map<String, Intent> intents = new ConcurrentHashMap<>();
  private final Map<String, Long> refunded = new ConcurrentHashMap<>();
  private final Map<String, List<String>> intentsByOrder = new ConcurrentHashMap<>();
  private final Map<String, int[]> failures = new ConcurrentHashMap<>();
  private final Map<String, Duration> stalls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);

  /** A Checkout Session as the stand-in keeps it; changed under the stand-in's lock. */
  private static final class Session {
    final String id;
    final long amount;
    final String currency;
    final String successUrl;
    final String cancelUrl;
    final String clientReferenceId;
    final long expiresAt;
    final ObjectNode metadata;
    final ObjectNode intentMetadata;
    String status = "open";
    String paymentStatus = "unpaid";
    String paymentIntent;

    Session(String id, Map<String, List<String>> params, long expiresAt) {
      this.id = id;
      this.amount = Long.parseLong(first(params, PRICE + "[unit_amount]"));
      this.currency = first(params, PRICE + "[currency]");
      this.successUrl = first(params, "success_url");
      this.cancelUrl = first(params, "cancel_url");
      this.clientReferenceId = first(params, "client_reference_id");
      this.expiresAt = expiresAt;
      this.metadata = metadata(params, "metadata[");
      this.intentMetadata = metadata(params, "payment_intent_data[metadata][");
    }
  }

  private static final String PRICE = "line_items[0][price_data]";
  private static final String SESSIONS = "/v1/checkout/sessions";

  private final String base;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final List<String> sessionOrder = new CopyOnWriteArrayList<>();

  StripeStandIn(HttpServer server) {
    base = "http://localhost:" + server.getAddress().getPort();
    server.createContext(
        "/v1/payment_intents", exchange -> handle(exchange, this::createIntent, false));
    server.createContext("/v1/refunds", exchange -> handle(exchange, this::createRefund, false));
    server.createContext(SESSIONS, this::sessionRoute);
    // Stripe's hosted page itself: the customer "pays" through the test hooks below.
    server.createContext(
        "/c/pay/",
        exchange -> {
          try (exchange) {
            byte[] page =
                "<!DOCTYPE html><title>Stripe Checkout stand-in</title><p>Stripe's page"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
          }
        });
  }

  /** Where Stripe's Checkout pages are: the stand-in's own origin. */
  public String checkoutOrigin() {
    return base;
  }

  // Checkout Sessions: what tests see and do as the customer on Stripe's page

  /** The sessions really created (replays create none), oldest first, with their params. */
  public List<Request> sessionCreates() {
    return requests.stream()
        .filter(r -> r.path().equals(SESSIONS) && r.status() == 200 && !r.replayed())
        .toList();
  }

  /** The ids of the sessions created whose {@code metadata[key]} is {@code value}, oldest first. */
  public List<String> sessionsWith(String key, long value) {
    return sessionOrder.stream()
        .filter(id -> Long.toString(value).equals(sessions.get(id).metadata.path(key).asText(null)))
        .toList();
  }

  /** The session's status now: open, complete or expired. */
  public synchronized String sessionStatus(String id) {
    return sessions.get(id).status;
  }

  /**
   * The customer paid on Stripe's page: the session is {@code complete} and {@code paid}, with a
   * succeeded PaymentIntent (refundable like any other). Answers the PaymentIntent's id.
   */
  public synchronized String completeSession(String id) {
    Session session = sessions.get(id);
    if (!"open".equals(session.status)) {
      throw new IllegalStateException("Session " + id + " is " + session.status);
    }
    String intent = "pi_standin_" + ids.incrementAndGet();
    session.status = "complete";
    session.paymentStatus = "paid";
    session.paymentIntent = intent;
    intents.put(intent, new Intent(intent, session.amount, session.currency, "succeeded"));
    return intent;
  }

  /** The session ran past its expiry unpaid (as Stripe expires it). */
  public synchronized void expireSession(String id) {
    sessions.get(id).status = "expired";
  }

  /** Where Stripe sends the customer after paying: the success_url with the session's id. */
  public String successUrl(String id) {
    return sessions.get(id).successUrl.replace("{CHECKOUT_SESSION_ID}", id);
  }

  /** The body of the event Stripe sends about the session now ({@code checkout.session.*}). */
  public synchronized String sessionEvent(String type, String id) {
    ObjectNode event =
        JSON.createObjectNode()
            .put("id", "evt_standin_" + ids.incrementAndGet())
            .put("object", "event")
            .put("api_version", "2024-06-20")
            .put("type", type)
            .put("livemode", false)
            .put("created", System.currentTimeMillis() / 1000);
    event.putObject("data").set("object", sessionJson(sessions.get(id)));
    return event.toString();
  }

  /** A {@code Stripe-Signature} header for {@code body}, signed now with {@code secret}. */
  public static String signature(String body, String secret) {
    long now = System.currentTimeMillis() / 1000;
    return "t="
        + now
        + ",v1="
        + dev.solid.payments.stripe.StripeSignature.sign(
            secret, now, body.getBytes(StandardCharsets.UTF_8));
  }

  private void sessionRoute(HttpExchange exchange) throws IOException {
    String rest = exchange.getRequestURI().getPath().substring(SESSIONS.length());
    if (rest.isEmpty()) {
      handle(exchange, this::createSession, false);
    } else if (rest.matches("/cs_[A-Za-z0-9_]+")) {
      String id = rest.substring(1);
      handle(exchange, (params, orderId) -> retrieveSession(id), true);
    } else if (rest.matches("/cs_[A-Za-z0-9_]+/expire")) {
      String id = rest.substring(1, rest.length() - "/expire".length());
      handle(exchange, (params, orderId) -> expireSessionCall(id), false);
    } else {
      handle(
          exchange,
          (params, orderId) ->
              error(404, "invalid_request_error", null, null, "Unrecognized request URL"),
          exchange.getRequestMethod().equals("GET"));
    }
  }

  private Answer createSession(Map<String, List<String>> params, String orderId) {
    Optional<Answer> invalid =
        required(params, "mode")
            .or(() -> required(params, PRICE + "[currency]"))
            .or(() -> positiveInteger(params, PRICE + "[unit_amount]"))
            .or(() -> required(params, PRICE + "[product_data][name]"))
            .or(() -> positiveInteger(params, "line_items[0][quantity]"))
            .or(() -> absoluteUrl(params, "success_url"))
            .or(() -> absoluteUrl(params, "cancel_url"));
    if (invalid.isPresent()) {
      return invalid.get();
    }
    if (!"payment".equals(first(params, "mode"))) {
      return error(
          400,
          "invalid_request_error",
          null,
          "mode",
          "The stand-in makes payment-mode sessions only, not " + first(params, "mode"));
    }
    if (!params.keySet().stream().allMatch(StripeStandIn::knownSessionParam)) {
      return error(
          400,
          "invalid_request_error",
          "parameter_unknown",
          null,
          "Received unknown parameter among " + params.keySet());
    }
    long now = System.currentTimeMillis() / 1000;
    long expiresAt = now + 86_400;
    if (params.containsKey("expires_at")) {
      try {
        expiresAt = Long.parseLong(first(params, "expires_at"));
      } catch (NumberFormatException e) {
        return error(
            400,
            "invalid_request_error",
            "parameter_invalid_integer",
            "expires_at",
            "Invalid integer");
      }
      if (expiresAt < now + 1_800 || expiresAt > now + 86_400) {
        return error(
            400,
            "invalid_request_error",
            null,
            "expires_at",
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout"
                + " Session creation.");
      }
    }
    stall(orderId);
    String id = "cs_test_standin_" + ids.incrementAndGet();
    Session session = new Session(id, params, expiresAt);
    synchronized (this) {
      sessions.put(id, session);
      sessionOrder.add(id);
      return new Answer(200, sessionJson(session).toString());
    }
  }

  private synchronized Answer retrieveSession(String id) {
    Session session = sessions.get(id);
    return session == null
        ? error(
            404,
            "invalid_request_error",
            "resource_missing",
            "session",
            "No such checkout.session: '" + id + "'")
        : new Answer(200, sessionJson(session).toString());
  }

  private synchronized Answer expireSessionCall(String id) {
    Session session = sessions.get(id);
    if (session == null) {
      return retrieveSession(id);
    }
    if (!"open".equals(session.status)) {
      return error(
          400,
          "invalid_request_error",
          null,
          null,
          "Only Checkout Sessions with a status in [\"open\"] can be expired.");
    }
    session.status = "expired";
    return new Answer(200, sessionJson(session).toString());
  }

  private ObjectNode sessionJson(Session session) {
    ObjectNode json =
        JSON.createObjectNode()
            .put("id", session.id)
            .put("object", "checkout.session")
            .put("mode", "payment")
            .put("status", session.status)
            .put("payment_status", session.paymentStatus)
            .put("payment_intent", session.paymentIntent)
            .put("amount_total", session.amount)
            .put("currency", session.currency)
            .put("client_reference_id", session.clientReferenceId)
            .put("success_url", session.successUrl)
            .put("cancel_url", session.cancelUrl)
            .put("expires_at", session.expiresAt)
            .put("livemode", false);
    json.put("url", "open".equals(session.status) ? base + "/c/pay/" + session.id : null);
    json.set("metadata", session.metadata.deepCopy());
    return json;
  }

  private static boolean knownSessionParam(String name) {
    return name.equals("mode")
        || name.equals("success_url")
        || name.equals("cancel_url")
        || name.equals("client_reference_id")
        || name.equals("expires_at")
        || name.equals("payment_method_types[0]")
        || name.equals("line_items[0][quantity]")
        || name.startsWith(PRICE + "[")
        || name.startsWith("metadata[")
        || name.equals("payment_intent_data[description]")
        || name.startsWith("payment_intent_data[metadata][");
  }

  private static Optional<Answer> absoluteUrl(Map<String, List<String>> params, String name) {
    Optional<Answer> missing = required(params, name);
    if (missing.isPresent()) {
      return missing;
    }
    try {
      java.net.URI uri =
          new java.net.URI(first(params, name).replace("{CHECKOUT_SESSION_ID}", "x"));
      if (uri.isAbsolute()
          && uri.getHost() != null
          && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        return Optional.empty();
      }
    } catch (java.net.URISyntaxException e) {
      // answered below
    }
    return Optional.of(error(400, "invalid_request_error", "url_invalid", name, "Not a valid URL"));
  }

  /** The next {@code calls} calls for this order fail with {@code status}, before running. */
  public void failNext(long orderId, int calls, int status) {
    failures.put(Long.toString(orderId), new int[] {calls, status});
  }

  /** The next call for this order runs for {@code duration} before it answers. */
  public void stallNext(long orderId, Duration duration) {
    stalls.put(Long.toString(orderId), duration);
  }

  /** Back to normal for this order. */
  public void reset(long orderId) {
    failures.remove(Long.toString(orderId));
    stalls.remove(Long.toString(orderId));
  }

  /** The requests seen for this order (PaymentIntents and refunds), oldest first. */
  public List<Request> requests(long orderId) {
    return requests.stream()
        .filter(r -> Long.toString(orderId).equals(r.param("metadata[solid_order_id]")))
        .toList();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The PaymentIntents really created for this order (replays create none). */
  public List<String> paymentIntents(long orderId) {
    return List.copyOf(intentsByOrder.getOrDefault(Long.toString(orderId), List.of()));
  }

  private interface Endpoint {
    Answer run(Map<String, List<String>> params, String orderId);
  }

  /** One call; {@code get}: a read (GET, no body, no idempotency), else a POST. */
  private void handle(HttpExchange exchange, Endpoint endpoint, boolean get) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      Map<String, List<String>> params =
          parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String orderId =
          Optional.ofNullable(params.get("metadata[solid_order_id]"))
              .map(v -> v.get(0))
              .orElse(null);
      Answer answer;
      if (!(get ? "GET" : "POST").equals(exchange.getRequestMethod())) {
        answer =
            error(
                405,
                "invalid_request_error",
                null,
                null,
                "Unrecognized request URL (" + exchange.getRequestMethod() + ")");
      } else if (!("Bearer " + SECRET_KEY).equals(auth)) {
        answer =
            error(
                401,
                "invalid_request_error",
                null,
                null,
                "Invalid API Key provided: " + masked(auth));
      } else if (!get && (type == null || !type.startsWith("application/x-www-form-urlencoded"))) {
        answer =
            error(
                400,
                "invalid_request_error",
                null,
                null,
                "Request bodies must be form-encoded (application/x-www-form-urlencoded)");
      } else if (scriptedFailure(orderId) != 0) {
        answer =
            error(
                scriptedFailure(orderId, true),
                "api_error",
                null,
                null,
                "An unknown error occurred (scripted)");
      } else if (key == null || get) {
        answer = endpoint.run(params, orderId);
      } else {
        Saved first;
        boolean busy = false;
        synchronized (this) {
          first = saved.get(key);
          if (first == null) {
            busy = running.putIfAbsent(key, true) != null;
          }
        }
        if (busy) {
          answer =
              error(
                  409,
                  "idempotency_error",
                  "idempotency_key_in_use",
                  null,
                  "There is currently another in-progress request using this Idempotent Key (that"
                      + " probably means you submitted twice, and the other request is still going"
                      + " through): "
                      + key
                      + ". Please try again later.");
        } else if (first != null) {
          if (first.path().equals(path) && first.params().equals(params)) {
            requests.add(new Request(path, auth, key, version, type, params, first.status(), true));
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
            send(exchange, first.status(), first.body());
            return;
          }
          answer =
              error(
                  400,
                  "idempotency_error",
                  null,
                  null,
                  "Keys for idempotent requests can only be used with the same parameters they were"
                      + " first used with. Try using a key other than '"
                      + key
                      + "' if you meant to"
                      + " execute a different request.");
        } else {
          try {
            answer = endpoint.run(params, orderId);
            // Saved once the endpoint ran, whatever it answered (a 402 decline too); a request
            // refused as invalid (400) is not.
            if (answer.status() != 400) {
              saved.put(
                  key,
                  new Saved(
                      path,
                      params,
                      answer.status(),
                      answer.body().getBytes(StandardCharsets.UTF_8)));
            }
          } finally {
            running.remove(key);
          }
        }
      }
      requests.add(new Request(path, auth, key, version, type, params, answer.status(), false));
      send(exchange, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
    }
  }

  private synchronized int scriptedFailure(String orderId) {
    int[] script = orderId == null ? null : failures.get(orderId);
    return script == null || script[0] <= 0 ? 0 : script[1];
  }

  private synchronized int scriptedFailure(String orderId, boolean consume) {
    int[] script = failures.get(orderId);
    script[0]--;
    return script[1];
  }

  private Answer createIntent(Map<String, List<String>> params, String orderId) {
    Optional<Answer> invalid =
        positiveInteger(params, "amount")
            .or(() -> required(params, "currency"))
            .or(() -> required(params, "payment_method"));
    if (invalid.isPresent()) {
      return invalid.get();
    }
    String method = first(params, "payment_method");
    boolean authentication = "pm_card_authenticationRequired".equals(method);
    Optional<TestCards.TestCard> card = TestCards.byPaymentMethod(method);
    if (card.isEmpty() && !authentication) {
      return error(
          400,
          "invalid_request_error",
          "resource_missing",
          "payment_method",
          "No such PaymentMethod: '" + method + "'");
    }
    stall(orderId);
    String id = "pi_standin_" + ids.incrementAndGet();
    String chargeId = "ch_standin_" + ids.incrementAndGet();
    long amount = Long.parseLong(first(params, "amount"));
    String currency = first(params, "currency");
    if (orderId != null) {
      intentsByOrder.computeIfAbsent(orderId, k -> new CopyOnWriteArrayList<>()).add(id);
    }
    String brand = card.map(TestCards.TestCard::brand).orElse("visa");
    String last4 = card.map(TestCards.TestCard::last4).orElse("3184");
    ObjectNode intent = intent(id, amount, currency, params);
    ObjectNode charge =
        JSON.createObjectNode()
            .put("id", chargeId)
            .put("object", "charge")
            .put("payment_intent", id);
    charge
        .putObject("payment_method_details")
        .put("type", "card")
        .putObject("card")
        .put("brand", brand)
        .put("last4", last4);
    if (authentication) {
      intent.put("status", "requires_action");
      intent.putObject("next_action").put("type", "use_stripe_sdk");
      intents.put(id, new Intent(id, amount, currency, "requires_action"));
      return new Answer(200, intent.toString());
    }
    TestCards.TestCard test = card.get();
    if (test.behaviour() == TestCards.Behaviour.SUCCEEDS) {
      intent.put("status", "succeeded").put("amount_received", amount);
      if (params.getOrDefault("expand[]", List.of()).contains("latest_charge")) {
        intent.set("latest_charge", charge);
      } else {
        intent.put("latest_charge", chargeId);
      }
      intents.put(id, new Intent(id, amount, currency, "succeeded"));
      return new Answer(200, intent.toString());
    }
    intents.put(id, new Intent(id, amount, currency, "requires_payment_method"));
    ObjectNode error = JSON.createObjectNode();
    error
        .put("type", "card_error")
        .put("code", test.code())
        .put("decline_code", test.declineCode())
        .put("message", test.message())
        .put("charge", chargeId);
    intent.put("status", "requires_payment_method").put("latest_charge", chargeId);
    intent.set("last_payment_error", error.deepCopy());
    error.set("payment_intent", intent);
    ObjectNode pm =
        error.putObject("payment_method").put("id", method).put("object", "payment_method");
    pm.putObject("card").put("brand", brand).put("last4", last4);
    return new Answer(402, JSON.createObjectNode().set("error", error).toString());
  }

  private Answer createRefund(Map<String, List<String>> params, String orderId) {
    Optional<Answer> invalid = required(params, "payment_intent");
    if (invalid.isPresent()) {
      return invalid.get();
    }
    Intent intent = intents.get(first(params, "payment_intent"));
    if (intent == null || !"succeeded".equals(intent.status())) {
      return error(
          400,
          "invalid_request_error",
          "resource_missing",
          "payment_intent",
          "No such payment_intent: '" + first(params, "payment_intent") + "'");
    }
    if (params.containsKey("amount")) {
      Optional<Answer> bad = positiveInteger(params, "amount");
      if (bad.isPresent()) {
        return bad.get();
      }
    }
    stall(orderId);
    synchronized (this) {
      long left = intent.amount() - refunded.getOrDefault(intent.id(), 0L);
      if (left <= 0) {
        return error(
            400,
            "invalid_request_error",
            "charge_already_refunded",
            null,
            "Charge for PaymentIntent " + intent.id() + " has already been refunded.");
      }
      long amount = params.containsKey("amount") ? Long.parseLong(first(params, "amount")) : left;
      if (amount > left) {
        return error(
            400,
            "invalid_request_error",
            "amount_too_large",
            "amount",
            "Refund amount ("
                + amount
                + ") is greater than unrefunded amount on charge ("
                + left
                + ")");
      }
      refunded.merge(intent.id(), amount, Long::sum);
      ObjectNode refund =
          JSON.createObjectNode()
              .put("id", "re_standin_" + ids.incrementAndGet())
              .put("object", "refund")
              .put("amount", amount)
              .put("currency", intent.currency())
              .put("payment_intent", intent.id())
              .put("status", "succeeded");
      refund.set("metadata", metadata(params, "metadata["));
      return new Answer(200, refund.toString());
    }
  }

  private void stall(String orderId) {
    Duration stall = orderId == null ? null : stalls.remove(orderId);
    if (stall != null) {
      try {
        Thread.sleep(stall.toMillis()); // a slow Stripe, not a wait for a condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ObjectNode intent(
      String id, long amount, String currency, Map<String, List<String>> params) {
    ObjectNode intent =
        JSON.createObjectNode()
            .put("id", id)
            .put("object", "payment_intent")
            .put("amount", amount)
            .put("currency", currency)
            .put("livemode", false)
            .put("payment_method", first(params, "payment_method"))
            .put("description", first(params, "description"))
            .put("confirmation_method", "automatic")
            .put("capture_method", "automatic");
    intent.set("metadata", metadata(params, "metadata["));
    intent.putNull("last_payment_error");
    intent.putNull("latest_charge");
    return intent;
  }

  private static ObjectNode metadata(Map<String, List<String>> params, String prefix) {
    ObjectNode metadata = JSON.createObjectNode();
    params.forEach(
        (name, values) -> {
          if (name.startsWith(prefix) && name.endsWith("]")) {
            metadata.put(name.substring(prefix.length(), name.length() - 1), values.get(0));
          }
        });
    return metadata;
  }

  private static Optional<Answer> required(Map<String, List<String>> params, String name) {
    String value = first(params, name);
    return value == null || value.isEmpty()
        ? Optional.of(
            error(
                400,
                "invalid_request_error",
                "parameter_missing",
                name,
                "Missing required param: " + name + "."))
        : Optional.empty();
  }

  private static Optional<Answer> positiveInteger(Map<String, List<String>> params, String name) {
    Optional<Answer> missing = required(params, name);
    if (missing.isPresent()) {
      return missing;
    }
    try {
      if (Long.parseLong(first(params, name)) > 0) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    return Optional.of(
        error(
            400,
            "invalid_request_error",
            "parameter_invalid_integer",
            name,
            "Invalid positive integer"));
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null ? null : values.get(0);
  }

  private static Answer error(int status, String type, String code, String param, String message) {
    ObjectNode error = JSON.createObjectNode().put("type", type).put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    if (param != null) {
      error.put("param", param);
    }
    return new Answer(status, JSON.createObjectNode().set("error", error).toString());
  }

  private static String masked(String auth) {
    if (auth == null) {
      return "(none)";
    }
    String key = auth.startsWith("Bearer ") ? auth.substring(7) : auth;
    return key.length() <= 8
        ? "****"
        : key.substring(0, 8) + "****" + key.substring(key.length() - 4);
  }

  /**
   * The parameters of a form body, by name, values in order (names sorted, as Stripe compares
   * them).
   */
  static Map<String, List<String>> parse(String form) {
    Map<String, List<String>> params = new TreeMap<>();
    if (form.isEmpty()) {
      return params;
    }
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      String name =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value =
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange
        .getResponseHeaders()
        .set("Request-Id", "req_standin_" + Objects.hash(status, body.length));
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
