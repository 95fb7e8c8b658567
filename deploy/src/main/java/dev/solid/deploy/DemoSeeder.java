package dev.solid.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Scopes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seeds the demo company through the gateway's public API, exactly as a user would: sign up (a 409
 * means it exists from an earlier run), log in, revoke the previous {@code local-demo} keys and
 * create a fresh test-mode key with every scope. Keys are stored only as hashes, so a new one is
 * the only way to hand a working key out again. Then a test-mode Telegram and a test-mode SMS
 * sender account, each the default of its channel, unless the company has those defaults already:
 * the seeds' send examples need one, and test mode needs no provider credentials (nothing is
 * dispatched).
 */
final class DemoSeeder {
  static final String KEY_NAME = "local-demo";
  static final String TELEGRAM_SENDER = "@solid_demo_bot";
  // Twilio's "magic" test number: never anyone's phone.
  static final String SMS_SENDER = "+15005550006";
  private static final int PAGE = 200;

  /** What the seed hands to the developer. */
  record DemoAccess(
      String apiKey,
      String ownerEmail,
      String ownerPassword,
      long telegramAccountId,
      long smsAccountId) {}

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI gateway;

  DemoSeeder(HttpClient http, ObjectMapper json, URI gateway) {
    this.http = http;
    this.json = json;
    this.gateway = gateway;
  }

  DemoAccess seed(DemoOwner owner) {
    Map<String, Object> signup = new LinkedHashMap<>();
    signup.put("company_name", DemoOwner.COMPANY_NAME);
    signup.put("email", owner.email());
    signup.put("password", owner.password());
    signup.put("plan", DemoOwner.PLAN);
    call("POST", "/api/v1/auth/signup", null, signup, Set.of(201, 409));

    Map<String, Object> credentials = Map.of("email", owner.email(), "password", owner.password());
    JsonNode login;
    try {
      login = call("POST", "/api/v1/auth/login", null, credentials, Set.of(200));
    } catch (StartupException e) {
      throw new StartupException(
          e.getMessage()
              + " (the demo owner "
              + owner.email()
              + " exists in PostgreSQL with another password than the one in the data directory:"
              + " was the data directory reset while PostgreSQL kept its data?)",
          e);
    }
    String accessToken = text(login, "access_token", "/api/v1/auth/login");

    // Every earlier local-demo key, over all pages; collected first, since revoking shifts pages.
    List<String> stale = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonNode page =
          call(
              "GET",
              "/api/v1/auth/keys?limit=" + PAGE + "&offset=" + offset,
              accessToken,
              null,
              Set.of(200));
      for (JsonNode key : page.path("items")) {
        if (KEY_NAME.equals(key.path("name").asText())) {
          stale.add(key.path("id").asText());
        }
      }
      if (!page.path("has_more").asBoolean(false) || page.path("items").isEmpty()) {
        break;
      }
    }
    for (String staleId : stale) {
      String id = URLEncoder.encode(staleId, StandardCharsets.UTF_8);
      call("DELETE", "/api/v1/auth/keys/" + id, accessToken, null, Set.of(204, 404));
    }

    Map<String, Object> newKey = new LinkedHashMap<>();
    newKey.put("name", KEY_NAME);
    newKey.put("scopes", Scopes.ALL);
    newKey.put("mode", "test");
    JsonNode created = call("POST", "/api/v1/auth/keys", accessToken, newKey, Set.of(201));
    String apiKey = text(created, "key", "/api/v1/auth/keys");

    Map<String, Long> defaults = defaultAccounts(apiKey);
    long telegram = defaults.getOrDefault("telegram", -1L);
    if (telegram < 0) {
      telegram = createAccount(apiKey, "telegram", TELEGRAM_SENDER);
    }
    long sms = defaults.getOrDefault("sms", -1L);
    if (sms < 0) {
      sms = createAccount(apiKey, "sms", SMS_SENDER);
    }
    return new DemoAccess(apiKey, owner.email(), owner.password(), telegram, sms);
  }

  /** The test-mode default account of each channel the company has, by channel. */
  private Map<String, Long> defaultAccounts(String apiKey) {
    Map<String, Long> defaults = new LinkedHashMap<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonNode page =
          call(
              "GET",
              "/api/v1/messaging/accounts?limit=" + PAGE + "&offset=" + offset,
              apiKey,
              null,
              Set.of(200));
      for (JsonNode account : page.path("items")) {
        if (account.path("default").asBoolean(false)) {
          defaults.put(account.path("channel").asText(), account.path("id").asLong());
        }
      }
      if (!page.path("has_more").asBoolean(false) || page.path("items").isEmpty()) {
        return defaults;
      }
    }
  }

  private long createAccount(String apiKey, String channel, String sender) {
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("channel", channel);
    account.put("sender", sender);
    account.put("default", true);
    JsonNode created = call("POST", "/api/v1/messaging/accounts", apiKey, account, Set.of(201));
    long id = created.path("id").asLong(-1);
    if (id < 0) {
      throw new StartupException(
          "/api/v1/messaging/accounts answered without 'id': " + excerpt(created.toString()));
    }
    return id;
  }

  private JsonNode call(
      String method, String path, String bearer, Object body, Set<Integer> expected) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(gateway.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Accept", "application/json");
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (!expected.contains(response.statusCode())) {
        throw new StartupException(
            method
                + " "
                + path
                + " answered "
                + response.statusCode()
                + (expected.size() == 1 ? " instead of " : " instead of one of ")
                + expected
                + ": "
                + excerpt(response.body()));
      }
      String text = response.body();
      return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
    } catch (IOException e) {
      throw new StartupException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted during " + method + " " + path, e);
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new StartupException(
          path + " answered without '" + field + "': " + excerpt(node.toString()));
    }
    return value.asText();
  }

  private static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}
