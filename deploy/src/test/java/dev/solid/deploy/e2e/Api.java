package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A small client for the gateway's public API, as an integrator would call it. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> ALL_SCOPES = dev.solid.common.caller.Scopes.ALL;

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Api(URI base) {
    this.base = base;
  }

  URI base() {
    return base;
  }

  /** One HTTP exchange. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON (status " + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** A request being built: method, path, optional bearer, body and headers. */
  final class Call {
    private final String method;
    private final String path;
    private final List<String> headers = new ArrayList<>();
    private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

    private Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    Call bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    Call header(String name, String value) {
      headers.add(name);
      headers.add(value);
      return this;
    }

    Call json(Object value) {
      try {
        return raw("application/json", JSON.writeValueAsString(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Call raw(String contentType, String text) {
      header("Content-Type", contentType);
      body = HttpRequest.BodyPublishers.ofString(text);
      return this;
    }

    HttpRequest request() {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .method(method, body);
      for (int i = 0; i < headers.size(); i += 2) {
        builder.header(headers.get(i), headers.get(i + 1));
      }
      return builder.build();
    }

    Response send() {
      return sendAsync().join();
    }

    CompletableFuture<Response> sendAsync() {
      return http.sendAsync(request(), HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> new Response(r.statusCode(), r.headers().map(), r.body()));
    }
  }

  Call get(String path) {
    return new Call("GET", path);
  }

  Call post(String path) {
    return new Call("POST", path);
  }

  Call patch(String path) {
    return new Call("PATCH", path);
  }

  Call delete(String path) {
    return new Call("DELETE", path);
  }

  // ---- the flows most tests need -------------------------------------------------------------

  /** A company signed up just for one test, with its owner's token and an all-scope test key. */
  record Company(String id, String email, String password, String ownerToken, String testKey) {}

  Company newCompany() {
    String email = "e2e-" + UUID.randomUUID() + "@solid.test";
    String password = "pw-" + UUID.randomUUID();
    Response signup =
        post("/api/v1/auth/signup")
            .json(
                Map.of(
                    "company_name",
                    "E2E " + email,
                    "email",
                    email,
                    "password",
                    password,
                    "plan",
                    "professional"))
            .send();
    assertThat(signup.status()).as("signup: %s", signup).isEqualTo(201);
    String companyId = signup.json().path("company").path("id").asText();
    String token = login(email, password);
    String key = createKey(token, "e2e", ALL_SCOPES, "test", null).path("key").asText();
    return new Company(companyId, email, password, token, key);
  }

  String login(String email, String password) {
    Response login =
        post("/api/v1/auth/login").json(Map.of("email", email, "password", password)).send();
    assertThat(login.status()).as("login: %s", login).isEqualTo(200);
    return login.json().path("access_token").asText();
  }

  /** Creates an API key; returns the 201 body (with the secret {@code key}). */
  JsonNode createKey(
      String ownerToken, String name, List<String> scopes, String mode, Integer ratePerMinute) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("name", name);
    body.put("scopes", scopes);
    body.put("mode", mode);
    if (ratePerMinute != null) {
      body.put("rate_limit_per_minute", ratePerMinute);
    }
    Response created = post("/api/v1/auth/keys").bearer(ownerToken).json(body).send();
    assertThat(created.status()).as("create key: %s", created).isEqualTo(201);
    assertThat(created.json().path("key").asText()).startsWith("sk_solid_" + mode + "_");
    return created.json();
  }

  /** A contact body with a unique email. */
  static Map<String, Object> contact(String name) {
    return Map.of(
        "name",
        name,
        "email",
        "c-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
  }
}
