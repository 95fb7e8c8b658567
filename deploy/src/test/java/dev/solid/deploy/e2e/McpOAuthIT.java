package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An MCP client that cannot send a header (mcp-remote as seed 001's config starts it) gets access
 * through the gateway's OAuth, played here over HTTP as the client and the owner's browser would:
 * the 401 of {@code /api/mcp} → its protected-resource metadata → the authorization server's
 * metadata → registration → the consent page → sign-in and consent posted as a form → the code on
 * the loopback callback → the token → the API with that token, scoped, mode-bound and revocable.
 */
@ExtendWith(SolidStack.class)
class McpOAuthIT {
  private static final String CALLBACK = "http://127.0.0.1:33419/oauth/callback";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
  private static final Pattern RESOURCE_METADATA =
      Pattern.compile("resource_metadata=\"([^\"]+)\"");

  @Test
  void shouldGoFromA401ToAScopedTokenThroughDiscoveryRegistrationAndConsent(Api api)
      throws Exception {
    Api.Company company = api.newCompany();
    // Test-mode data the token will be allowed to read.
    Api.Response created =
        api.post("/api/v1/crm/contacts")
            .bearer(company.testKey())
            .json(Api.contact("Ada Oauth"))
            .send();
    assertThat(created.status()).as("%s", created).isEqualTo(201);

    // 1. The MCP endpoint without a key: 401, problem+json, and where to look.
    Api.Response unauthorized =
        api.post("/api/mcp")
            .header("Accept", "application/json, text/event-stream")
            .json(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize"))
            .send();
    assertProblem(unauthorized, 401, "unauthorized");
    String challenge = unauthorized.header("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("Bearer ");
    Matcher metadataUrl = RESOURCE_METADATA.matcher(challenge);
    assertThat(metadataUrl.find()).as(challenge).isTrue();
    assertThat(metadataUrl.group(1)).endsWith("/.well-known/oauth-protected-resource/api/mcp");

    // 2. Discovery, as the MCP SDK does it.
    JsonNode resource = api.get(URI.create(metadataUrl.group(1)).getPath()).send().json();
    assertThat(resource.path("resource").asText()).endsWith("/api/mcp");
    String issuer = resource.path("authorization_servers").get(0).asText();
    JsonNode server = api.get("/.well-known/oauth-authorization-server").send().json();
    assertThat(server.path("issuer").asText()).isEqualTo(issuer);
    assertThat(server.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    String authorize = URI.create(server.path("authorization_endpoint").asText()).getPath();
    String token = URI.create(server.path("token_endpoint").asText()).getPath();
    String register = URI.create(server.path("registration_endpoint").asText()).getPath();

    // 3. Dynamic registration of a public client with a loopback callback.
    Api.Response registered =
        api.post(register)
            .json(
                Map.of(
                    "client_name", "e2e mcp client",
                    "redirect_uris", List.of(CALLBACK),
                    "token_endpoint_auth_method", "none",
                    "grant_types", List.of("authorization_code", "refresh_token"),
                    "response_types", List.of("code")))
            .send();
    assertThat(registered.status()).as("%s", registered).isEqualTo(201);
    String clientId = registered.json().path("client_id").asText();

    // 4. The browser opens the authorization URL: the consent page, with its CSRF cookie.
    String verifier = verifier();
    Map<String, String> request = new LinkedHashMap<>();
    request.put("response_type", "code");
    request.put("client_id", clientId);
    request.put("redirect_uri", CALLBACK);
    request.put("code_challenge", challengeOf(verifier));
    request.put("code_challenge_method", "S256");
    request.put("state", "e2e-state");
    List<String> scopes = new java.util.ArrayList<>();
    resource.path("scopes_supported").forEach(scope -> scopes.add(scope.asText()));
    request.put("scope", String.join(" ", scopes));
    request.put("resource", resource.path("resource").asText());
    Api.Response page = api.get(authorize + "?" + form(request)).send();
    assertThat(page.status()).as("%s", page).isEqualTo(200);
    assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).isTrue();
    String cookie = page.header("Set-Cookie").orElseThrow().split(";")[0];

    // 5. The owner signs in and grants read:contacts in test mode.
    Map<String, String> consent = new LinkedHashMap<>(request);
    consent.put("csrf_token", csrf.group(1));
    consent.put("email", company.email());
    consent.put("password", company.password());
    consent.put("grant_scope", "read:contacts");
    consent.put("mode", "test");
    consent.put("decision", "approve");
    Api.Response redirect =
        api.post(authorize)
            .header("Cookie", cookie)
            .raw("application/x-www-form-urlencoded", form(consent))
            .send();
    assertThat(redirect.status()).as("%s", redirect).isEqualTo(302);
    String location = redirect.header("Location").orElseThrow();
    assertThat(location).startsWith(CALLBACK + "?");
    Map<String, String> callback = query(location);
    assertThat(callback.get("state")).isEqualTo("e2e-state");

    // 6. The client exchanges the code.
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("code", callback.get("code"));
    exchange.put("redirect_uri", CALLBACK);
    exchange.put("client_id", clientId);
    exchange.put("code_verifier", verifier);
    exchange.put("resource", resource.path("resource").asText());
    Api.Response tokens =
        api.post(token).raw("application/x-www-form-urlencoded", form(exchange)).send();
    assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
    String access = tokens.json().path("access_token").asText();
    assertThat(access).startsWith("sat_");
    assertThat(tokens.json().path("scope").asText()).isEqualTo("read:contacts");

    // 7. The token on the API: the company's test data, read only.
    Api.Response contacts = api.get("/api/v1/crm/contacts").bearer(access).send();
    assertThat(contacts.status()).as("%s", contacts).isEqualTo(200);
    assertThat(contacts.body()).contains("Ada Oauth");
    assertThat(contacts.header("X-RateLimit-Limit")).isPresent();
    Api.Response write =
        api.post("/api/v1/crm/contacts").bearer(access).json(Api.contact("Nope")).send();
    assertProblem(write, 403, "forbidden");
    assertThat(write.body()).contains("write:contacts");
    // The MCP endpoint lets it through the gateway (no 401 any more).
    Api.Response mcp =
        api.post("/api/mcp")
            .bearer(access)
            .header("Accept", "application/json, text/event-stream")
            .json(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"))
            .send();
    assertThat(mcp.status()).as("%s", mcp).isNotEqualTo(401);

    // 8. Listed next to the keys, and revoked: the very next request is refused.
    Api.Response grants = api.get("/api/v1/auth/oauth-grants").bearer(company.ownerToken()).send();
    assertThat(grants.status()).as("%s", grants).isEqualTo(200);
    JsonNode grant = grants.json().path("items").get(0);
    assertThat(grant.path("client_name").asText()).isEqualTo("e2e mcp client");
    assertThat(grant.path("mode").asText()).isEqualTo("test");
    assertThat(grants.body()).doesNotContain(access);
    Api.Response revoked =
        api.delete("/api/v1/auth/oauth-grants/" + grant.path("id").asText())
            .bearer(company.ownerToken())
            .send();
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);
    assertProblem(api.get("/api/v1/crm/contacts").bearer(access).send(), 401, "unauthorized");
  }

  /**
   * mcp-remote 0.15.1 as seed 001's config starts it (no {@code --header}), driven over stdio by
   * the MCP SDK's client: it meets the 401, runs its own OAuth client (discovery, registration,
   * PKCE, its loopback callback) and opens the authorization URL with the {@code open} package,
   * which, without a desktop, hands it to {@code $BROWSER}: a script that signs the owner in and
   * consents over HTTP (tools/node/scripts/consent-browser.mjs). The session then initializes and
   * lists the tools through the gateway with the token.
   */
  @Test
  void shouldLetMcpRemoteAuthorizeItselfWithItsOwnOAuthClient(Api api) throws Exception {
    Api.Company company = api.newCompany();
    java.nio.file.Path work = java.nio.file.Files.createTempDirectory("mcp-remote-oauth");
    java.nio.file.Path browserLog = work.resolve("browser.log");
    NodeTools.install();
    NodeTools.Result run =
        NodeTools.run(
            NodeTools.home(),
            List.of(
                "node",
                "scripts/mcp-remote-oauth.mjs",
                api.base().resolve("/api/mcp").toString(),
                work.resolve("auth").toString(),
                browserLog.toString(),
                company.email(),
                company.password(),
                "read:contacts,read:deals",
                "test"),
            240);
    String browser =
        java.nio.file.Files.exists(browserLog) ? java.nio.file.Files.readString(browserLog) : "";
    System.out.println(run.output() + "\nbrowser: " + browser);
    assertThat(browser)
        .as("the consent 'browser'")
        .contains("consent page: 200", "consent: 302", "callback /oauth/callback: 200");
    assertThat(run.exit()).as("mcp-remote session:\n%s", run.output()).isZero();
    Matcher result = Pattern.compile("RESULT (\\{.*\\})").matcher(run.output());
    assertThat(result.find()).as(run.output()).isTrue();
    JsonNode session = Api.JSON.readTree(result.group(1));
    assertThat(session.path("ok").asBoolean()).as("%s", session).isTrue();
    assertThat(session.path("tools").size()).as("%s", session).isPositive();
    assertThat(run.output()).doesNotContain(company.password());
    // A tool call goes back through the gateway as the grant: its company, mode and scopes.
    JsonNode whoami = session.path("whoami");
    assertThat(session.path("whoamiIsError").asBoolean()).as("%s", session).isFalse();
    assertThat(whoami.path("company_id").asText()).as("%s", session).isEqualTo(company.id());
    assertThat(whoami.path("mode").asText()).as("%s", session).isEqualTo("test");
    assertThat(whoami.path("scopes").toString())
        .as("%s", session)
        .contains("read:contacts", "read:deals")
        .doesNotContain("write:");

    // The grant mcp-remote obtained, with what the owner picked on the page.
    Api.Response grants = api.get("/api/v1/auth/oauth-grants").bearer(company.ownerToken()).send();
    assertThat(grants.status()).as("%s", grants).isEqualTo(200);
    assertThat(grants.json().path("total").asInt()).as("%s", grants).isEqualTo(1);
    JsonNode grant = grants.json().path("items").get(0);
    assertThat(grant.path("mode").asText()).isEqualTo("test");
    assertThat(grant.path("scopes").toString()).isEqualTo("[\"read:contacts\",\"read:deals\"]");
    // Nothing of mcp-remote's stored tokens is in clear in the gateway's answers.
    assertThat(grants.body()).doesNotContain("sat_").doesNotContain("srt_");
  }

  private static String verifier() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challengeOf(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> query(String location) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
