package dev.solid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The gateway as OAuth authorization server for MCP clients, played like a browser and a client
 * would over HTTP: metadata, registration, the consent page, the token endpoint, and the access
 * token as a scoped, mode-bound, revocable principal. Every refusal is checked.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(EchoUpstream.class)
class OAuthTest {
  private static final String CALLBACK = "http://localhost:33418/oauth/callback";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Pool pool;
  @Inject RedisAPI redis;

  // ---- metadata and the challenge

  @Test
  void shouldServeProtectedResourceMetadataAtTheRootAndForTheMcpPaths() {
    String base = base();
    given()
        .get("/.well-known/oauth-protected-resource")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("resource", is(base))
        .body("authorization_servers", contains(base))
        .body("scopes_supported", hasItem("read:contacts"))
        .body("bearer_methods_supported", contains("header"));
    for (String path : List.of("/api/mcp", "/mcp")) {
      given()
          .get("/.well-known/oauth-protected-resource" + path)
          .then()
          .statusCode(200)
          .body("resource", is(base + path))
          .body("authorization_servers", contains(base));
    }
  }

  @Test
  void shouldServeAuthorizationServerMetadataWithS256AndPublicClientsOnly() {
    String base = base();
    given()
        .get("/.well-known/oauth-authorization-server")
        .then()
        .statusCode(200)
        .body("issuer", is(base))
        .body("authorization_endpoint", is(base + "/oauth/authorize"))
        .body("token_endpoint", is(base + "/oauth/token"))
        .body("registration_endpoint", is(base + "/oauth/register"))
        .body("response_types_supported", contains("code"))
        .body("code_challenge_methods_supported", contains("S256"))
        .body("token_endpoint_auth_methods_supported", contains("none"))
        .body("grant_types_supported", contains("authorization_code", "refresh_token"));
  }

  @Test
  void shouldPointA401OfTheMcpEndpointAtItsMetadataAndKeepTheProblemBody() {
    String base = base();
    given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}")
        .post("/api/mcp")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", is("unauthorized"))
        .header(
            "WWW-Authenticate",
            "Bearer realm=\"solid\", resource_metadata=\""
                + base
                + "/.well-known/oauth-protected-resource/api/mcp\"");
    given()
        .header("Authorization", "Bearer sat_nothing")
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header(
            "WWW-Authenticate",
            "Bearer realm=\"solid\", resource_metadata=\""
                + base
                + "/.well-known/oauth-protected-resource\", error=\"invalid_token\"");
  }

  // ---- registration

  @Test
  void shouldRegisterAPublicClientWithLoopbackOrHttpsRedirects() {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "client_name", "mcp-remote",
                "redirect_uris",
                    List.of("http://127.0.0.1:3334/oauth/callback", "https://app.example/callback"),
                "token_endpoint_auth_method", "none",
                "grant_types", List.of("authorization_code", "refresh_token"),
                "response_types", List.of("code")))
        .post("/oauth/register")
        .then()
        .statusCode(201)
        .body("client_id", startsWith("sci_"))
        .body("client_secret", nullValue())
        .body("token_endpoint_auth_method", is("none"))
        .body("redirect_uris", hasItem("https://app.example/callback"));
  }

  @Test
  void shouldRefuseRegistrationsWithUnsafeRedirectsOrSecretsOrTooMuch() {
    refuseRegistration(Map.of("redirect_uris", List.of()), "invalid_redirect_uri");
    refuseRegistration(
        Map.of("redirect_uris", List.of("http://app.example/callback")), "invalid_redirect_uri");
    refuseRegistration(
        Map.of("redirect_uris", List.of("https://app.example/cb#frag")), "invalid_redirect_uri");
    refuseRegistration(
        Map.of("redirect_uris", List.of("javascript:alert(1)")), "invalid_redirect_uri");
    refuseRegistration(
        Map.of("redirect_uris", List.of("https://" + "a".repeat(2000) + ".example/")),
        "invalid_redirect_uri");
    refuseRegistration(
        Map.of(
            "redirect_uris",
            List.of(
                "https://a.example/1",
                "https://a.example/2",
                "https://a.example/3",
                "https://a.example/4",
                "https://a.example/5",
                "https://a.example/6")),
        "invalid_redirect_uri");
    refuseRegistration(
        Map.of(
            "redirect_uris",
            List.of(CALLBACK),
            "token_endpoint_auth_method",
            "client_secret_basic"),
        "invalid_client_metadata");
    refuseRegistration(
        Map.of("redirect_uris", List.of(CALLBACK), "grant_types", List.of("implicit")),
        "invalid_client_metadata");
    refuseRegistration(
        Map.of("redirect_uris", List.of(CALLBACK), "client_name", "n".repeat(201)),
        "invalid_client_metadata");
    refuseRegistration(
        Map.of("redirect_uris", List.of(CALLBACK), "client_name", "forged\nlog line"),
        "invalid_client_metadata");
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/oauth/register")
        .then()
        .statusCode(400)
        .body("error", is("invalid_client_metadata"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"redirect_uris\":[\"" + "x".repeat(20_000) + "\"]}")
        .post("/oauth/register")
        .then()
        .statusCode(413);
  }

  @Test
  void shouldLimitRegistrationsPerClientAddress() {
    try {
      int status = 0;
      for (int i = 0; i < 200 && status != 429; i++) {
        status =
            given()
                .contentType(ContentType.JSON)
                .body(Map.of("redirect_uris", List.of(CALLBACK)))
                .post("/oauth/register")
                .statusCode();
        assertThat(status).isIn(201, 429);
      }
      assertThat(status).isEqualTo(429);
    } finally {
      // The other tests register from the same address within the same minute.
      redis.del(List.of("solid:rl:{oauth-register:127.0.0.1}")).await().indefinitely();
    }
  }

  // ---- the whole flow

  @Test
  void shouldAuthorizeWithConsentAndCallTheApiWithTheToken() throws Exception {
    Api.Company company = Api.signup("builder");
    Client client = register();
    Pkce pkce = Pkce.create();
    Page page = openConsent(client, pkce, "read:contacts write:contacts", "xyz-state");
    assertThat(page.html()).contains("Authorize", "read:contacts", "Allow", "Deny");
    // The asked-for read scope is ticked, the asked-for write scope is not.
    assertThat(page.html()).containsPattern("value=\"read:contacts\" checked");
    assertThat(page.html()).doesNotContainPattern("value=\"write:contacts\" checked");

    Response consent = consent(page, company, "approve", "live", "read:contacts");
    assertThat(consent.statusCode()).isEqualTo(302);
    Map<String, String> callback = query(consent.header("Location"));
    assertThat(consent.header("Location")).startsWith(CALLBACK + "?");
    assertThat(callback.get("state")).isEqualTo("xyz-state");
    assertThat(callback.get("code")).startsWith("sac_");

    JsonNode tokens = exchangeCode(client, callback.get("code"), pkce.verifier(), CALLBACK);
    String access = tokens.get("access_token").asText();
    assertThat(access).startsWith("sat_");
    assertThat(tokens.get("refresh_token").asText()).startsWith("srt_");
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(tokens.get("scope").asText()).isEqualTo("read:contacts");

    // Nothing secret is stored in clear.
    Long clear =
        pool.preparedQuery(
                "SELECT count(*) FROM gateway.oauth_tokens WHERE encode(token_hash, 'escape') = $1")
            .execute(io.vertx.mutiny.sqlclient.Tuple.of(access))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getLong(0);
    assertThat(clear).isZero();

    Response call = Api.as(access).get("/api/v1/crm/contacts");
    call.then().statusCode(200).header("X-RateLimit-Limit", not(nullValue()));
    JsonNode claims = claims(call.jsonPath().getString("authorization"));
    assertThat(claims.get("cid").asLong()).isEqualTo(company.id());
    assertThat(claims.get("live").asBoolean()).isTrue();
    assertThat(claims.get("groups").toString()).contains("read:contacts").doesNotContain("write");
    assertThat(claims.get("act").asText()).isEqualTo("api_key");
    assertThat(claims.get("sub").asText()).startsWith("grant:");
    assertThat(claims.get("sub").asText()).isEqualTo("grant:" + claims.get("grant_id").asLong());
    assertThat(claims.has("key_id")).isFalse();

    // Scoped: a write is refused by the gateway, naming the scope.
    Api.as(access)
        .contentType(ContentType.JSON)
        .body(Map.of("email", "a@b.example"))
        .post("/api/v1/crm/contacts")
        .then()
        .statusCode(403)
        .body("code", is("forbidden"))
        .body("message", containsString("write:contacts"));
    // Not the owner: it cannot manage keys without manage:keys.
    Api.as(access).get("/api/v1/auth/keys").then().statusCode(403);

    // Listed next to the keys, for the owner, without any token.
    given()
        .header("Authorization", "Bearer " + company.ownerToken())
        .get("/api/v1/auth/oauth-grants")
        .then()
        .statusCode(200)
        .body("total", is(1))
        .body("items[0].client_id", is(client.id()))
        .body("items[0].client_name", is("test client"))
        .body("items[0].scopes", contains("read:contacts"))
        .body("items[0].mode", is("live"))
        .body("items[0].access_token", nullValue());
  }

  @Test
  void shouldBindTheTokenToTheModeTheOwnerPicked() throws Exception {
    Api.Company company = Api.signup("starter");
    String access = authorize(company, "test", "read:contacts").get("access_token").asText();
    JsonNode claims =
        claims(Api.as(access).get("/api/v1/crm/contacts").jsonPath().getString("authorization"));
    assertThat(claims.get("live").asBoolean()).isFalse();
  }

  @Test
  void shouldRedirectDenialWithAccessDenied() {
    Api.Company company = Api.signup("starter");
    Client client = register();
    Page page = openConsent(client, Pkce.create(), null, "s1");
    Response deny = consent(page, company, "deny", "test", "read:contacts");
    assertThat(deny.statusCode()).isEqualTo(302);
    Map<String, String> callback = query(deny.header("Location"));
    assertThat(callback.get("error")).isEqualTo("access_denied");
    assertThat(callback.get("state")).isEqualTo("s1");
    assertThat(callback).doesNotContainKey("code");
  }

  @Test
  void shouldRefuseTheFormWithoutItsCsrfToken() {
    Api.Company company = Api.signup("starter");
    Client client = register();
    Page page = openConsent(client, Pkce.create(), null, "s1");
    // No cookie (another site's form): refused.
    Map<String, String> form = consentForm(page, company, "approve", "test", "read:contacts");
    Response noCookie = browser().formParams(form).post("/oauth/authorize");
    assertThat(noCookie.statusCode()).isEqualTo(403);
    assertThat(noCookie.header("Location")).isNull();
    // The cookie but no token in the form: refused.
    form.remove("csrf_token");
    Response noToken =
        browser()
            .cookie("solid_oauth_csrf", page.cookie())
            .formParams(form)
            .post("/oauth/authorize");
    assertThat(noToken.statusCode()).isEqualTo(403);
    // A token of another page: refused.
    form.put("csrf_token", openConsent(client, Pkce.create(), null, "s2").csrf());
    Response other =
        browser()
            .cookie("solid_oauth_csrf", page.cookie())
            .formParams(form)
            .post("/oauth/authorize");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.header("Location")).isNull();
  }

  @Test
  void shouldRefuseAWrongPasswordOnThePageWithoutRedirecting() {
    Api.Company company = Api.signup("starter");
    Client client = register();
    Page page = openConsent(client, Pkce.create(), null, "s1");
    Map<String, String> form = consentForm(page, company, "approve", "test", "read:contacts");
    form.put("password", "wrong password!");
    Response response =
        browser()
            .cookie("solid_oauth_csrf", page.cookie())
            .formParams(form)
            .post("/oauth/authorize");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.header("Location")).isNull();
    assertThat(response.asString()).contains("Invalid email or password");
  }

  // ---- authorization request refusals

  @Test
  void shouldRefusePlainPkceAndMissingChallengeByRedirect() {
    Client client = register();
    Map<String, String> params = authorizeParams(client, Pkce.create(), null, "st");
    params.put("code_challenge_method", "plain");
    Response plain = browser().queryParams(params).get("/oauth/authorize");
    assertThat(plain.statusCode()).isEqualTo(302);
    assertThat(query(plain.header("Location")))
        .containsEntry("error", "invalid_request")
        .containsEntry("state", "st");
    params.remove("code_challenge_method");
    params.remove("code_challenge");
    Response none = browser().queryParams(params).get("/oauth/authorize");
    assertThat(query(none.header("Location"))).containsEntry("error", "invalid_request");
    params = authorizeParams(client, Pkce.create(), null, "st");
    params.put("response_type", "token");
    Response implicit = browser().queryParams(params).get("/oauth/authorize");
    assertThat(query(implicit.header("Location")))
        .containsEntry("error", "unsupported_response_type");
  }

  @Test
  void shouldRefuseAnUnregisteredRedirectOrClientOnThePageNeverByRedirect() {
    Client client = register();
    Map<String, String> params = authorizeParams(client, Pkce.create(), null, "st");
    params.put("redirect_uri", CALLBACK + "/elsewhere");
    Response wrong = browser().queryParams(params).get("/oauth/authorize");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.header("Location")).isNull();
    assertThat(wrong.contentType()).startsWith("text/html");
    params.put("redirect_uri", CALLBACK);
    params.put("client_id", "sci_" + "A".repeat(43));
    Response unknown = browser().queryParams(params).get("/oauth/authorize");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.header("Location")).isNull();
  }

  @Test
  void shouldRefuseAResourceOtherThanThisApi() {
    Client client = register();
    Map<String, String> params = authorizeParams(client, Pkce.create(), null, "st");
    params.put("resource", "https://evil.example/api/mcp");
    Response response = browser().queryParams(params).get("/oauth/authorize");
    assertThat(query(response.header("Location"))).containsEntry("error", "invalid_target");
    params.put("resource", base() + "/api/mcp");
    assertThat(browser().queryParams(params).get("/oauth/authorize").statusCode()).isEqualTo(200);
  }

  // ---- token endpoint refusals

  @Test
  void shouldRefuseABadVerifierAndBurnTheCode() {
    Api.Company company = Api.signup("starter");
    Client client = register();
    Pkce pkce = Pkce.create();
    String code = code(company, client, pkce, "test", "read:contacts");
    tokenRequest(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "client_id",
                client.id(),
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                Pkce.create().verifier()))
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("code_verifier"))
        .body("code", is("invalid_grant"))
        .body("request_id", startsWith("req_"));
    // The right verifier afterwards does not help: the code was used.
    tokenRequest(codeParams(client, code, pkce.verifier(), CALLBACK))
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"));
  }

  @Test
  void shouldRefuseAReusedCodeAndRevokeWhatItsFirstUseGot() throws Exception {
    Api.Company company = Api.signup("starter");
    Client client = register();
    Pkce pkce = Pkce.create();
    String code = code(company, client, pkce, "test", "read:contacts");
    String access =
        exchangeCode(client, code, pkce.verifier(), CALLBACK).get("access_token").asText();
    Api.as(access).get("/api/v1/crm/contacts").then().statusCode(200);
    tokenRequest(codeParams(client, code, pkce.verifier(), CALLBACK))
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("already used"));
    Api.as(access)
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .body("message", containsString("revoked"));
  }

  @Test
  void shouldRefuseAnExpiredCode() {
    Api.Company company = Api.signup("starter");
    Client client = register();
    Pkce pkce = Pkce.create();
    String code = code(company, client, pkce, "test", "read:contacts");
    pool.query(
            "UPDATE gateway.oauth_codes SET expires_at = now() - interval '1 second'"
                + " WHERE company_id = "
                + company.id())
        .execute()
        .await()
        .indefinitely();
    tokenRequest(codeParams(client, code, pkce.verifier(), CALLBACK))
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("expired"));
  }

  @Test
  void shouldRefuseAnotherRedirectUriOrClientAtTheTokenEndpoint() {
    Api.Company company = Api.signup("starter");
    Client client = register();
    Pkce pkce = Pkce.create();
    String code = code(company, client, pkce, "test", "read:contacts");
    tokenRequest(codeParams(client, code, pkce.verifier(), "http://localhost:33418/other"))
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("redirect_uri"));

    String second = code(company, client, pkce, "test", "read:contacts");
    Client other = register();
    tokenRequest(codeParams(other, second, pkce.verifier(), CALLBACK))
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("another client"));
    tokenRequest(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                second,
                "client_id",
                "sci_unknown",
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                pkce.verifier()))
        .then()
        .statusCode(401)
        .body("error", is("invalid_client"));
  }

  @Test
  void shouldRefuseMalformedTokenRequests() {
    Client client = register();
    tokenRequest(Map.of("grant_type", "password", "client_id", client.id()))
        .then()
        .statusCode(400)
        .body("error", is("unsupported_grant_type"));
    tokenRequest(Map.of("client_id", client.id()))
        .then()
        .statusCode(400)
        .body("error", is("invalid_request"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("grant_type", "authorization_code"))
        .post("/oauth/token")
        .then()
        .statusCode(400)
        .body("error", is("invalid_request"));
    tokenRequest(
            Map.of(
                "grant_type",
                "authorization_code",
                "client_id",
                client.id(),
                "code",
                "sac_x",
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                "v".repeat(43)))
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"));
  }

  // ---- refresh, rotation, revocation

  @Test
  void shouldRotateRefreshTokensAndRevokeTheGrantWhenARotatedOneComesBack() throws Exception {
    Api.Company company = Api.signup("starter");
    Client client = register();
    JsonNode first = authorize(company, client, "test", "read:contacts");
    JsonNode second = refresh(client, first.get("refresh_token").asText());
    assertThat(second.get("access_token").asText())
        .startsWith("sat_")
        .isNotEqualTo(first.get("access_token").asText());
    assertThat(second.get("refresh_token").asText())
        .isNotEqualTo(first.get("refresh_token").asText());
    assertThat(second.get("scope").asText()).isEqualTo("read:contacts");
    Api.as(second.get("access_token").asText()).get("/api/v1/crm/contacts").then().statusCode(200);

    // The first refresh token again: someone else holds it, so the whole grant goes.
    refreshRequest(client, first.get("refresh_token").asText())
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("already used"));
    Api.as(second.get("access_token").asText()).get("/api/v1/crm/contacts").then().statusCode(401);
    refreshRequest(client, second.get("refresh_token").asText())
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"));
  }

  @Test
  void shouldRefuseARevokedGrantOnTheVeryNextRequest() throws Exception {
    Api.Company company = Api.signup("starter");
    Client client = register();
    JsonNode tokens = authorize(company, client, "test", "read:contacts");
    String access = tokens.get("access_token").asText();
    Api.as(access).get("/api/v1/crm/contacts").then().statusCode(200);
    Number id =
        given()
            .header("Authorization", "Bearer " + company.ownerToken())
            .get("/api/v1/auth/oauth-grants")
            .then()
            .statusCode(200)
            .extract()
            .path("items[0].id");
    // Another company cannot see or revoke it.
    Api.Company stranger = Api.signup("starter");
    given()
        .header("Authorization", "Bearer " + stranger.ownerToken())
        .delete("/api/v1/auth/oauth-grants/" + id)
        .then()
        .statusCode(404);
    // A key without manage:keys cannot manage grants.
    String key = Api.createKey(company, "test", null, "read:contacts");
    Api.as(key).get("/api/v1/auth/oauth-grants").then().statusCode(403);
    given()
        .header("Authorization", "Bearer " + company.ownerToken())
        .delete("/api/v1/auth/oauth-grants/" + id)
        .then()
        .statusCode(204);
    Api.as(access)
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .body("message", containsString("revoked"));
    refreshRequest(client, tokens.get("refresh_token").asText())
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("revoked"));
    given()
        .header("Authorization", "Bearer " + company.ownerToken())
        .get("/api/v1/auth/oauth-grants")
        .then()
        .body("total", is(0));
  }

  @Test
  void shouldRefuseAnExpiredAccessTokenAndRefreshForAnotherClient() throws Exception {
    Api.Company company = Api.signup("starter");
    Client client = register();
    JsonNode tokens = authorize(company, client, "test", "read:contacts");
    String access = tokens.get("access_token").asText();
    pool.query(
            "UPDATE gateway.oauth_tokens t SET expires_at = now() - interval '1 second'"
                + " FROM gateway.oauth_grants g WHERE g.id = t.grant_id AND t.kind = 'access'"
                + " AND g.company_id = "
                + company.id())
        .execute()
        .await()
        .indefinitely();
    Api.as(access)
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .body("message", containsString("expired"));
    refreshRequest(register(), tokens.get("refresh_token").asText())
        .then()
        .statusCode(400)
        .body("error", is("invalid_grant"))
        .body("error_description", containsString("another client"));
  }

  @Test
  void shouldCountTheTokenAgainstItsOwnLimit() throws Exception {
    Api.Company company = Api.signup("starter");
    String access = authorize(company, "test", "read:contacts").get("access_token").asText();
    Response first = Api.as(access).get("/api/v1/crm/contacts");
    Response second = Api.as(access).get("/api/v1/crm/contacts");
    int left = Integer.parseInt(first.header("X-RateLimit-Remaining"));
    assertThat(Integer.parseInt(second.header("X-RateLimit-Remaining"))).isEqualTo(left - 1);
  }

  // ---- helpers: a client, a browser

  record Client(String id) {}

  record Pkce(String verifier, String challenge) {
    static Pkce create() {
      byte[] bytes = new byte[48];
      RANDOM.nextBytes(bytes);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record Page(String html, String csrf, String cookie, Map<String, String> request) {}

  private static String base() {
    return "http://localhost:" + io.restassured.RestAssured.port;
  }

  private static RequestSpecification browser() {
    return given()
        .config(
            RestAssuredConfig.config()
                .redirect(RedirectConfig.redirectConfig().followRedirects(false)));
  }

  private static void refuseRegistration(Map<String, Object> body, String error) {
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/oauth/register")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", is(error))
        .body("error_description", not(nullValue()));
  }

  private static Client register() {
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("client_name", "test client", "redirect_uris", List.of(CALLBACK)))
            .post("/oauth/register")
            .then()
            .statusCode(201)
            .extract()
            .path("client_id");
    return new Client(id);
  }

  private static Map<String, String> authorizeParams(
      Client client, Pkce pkce, String scope, String state) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", client.id());
    params.put("redirect_uri", CALLBACK);
    params.put("code_challenge", pkce.challenge());
    params.put("code_challenge_method", "S256");
    params.put("state", state);
    params.put("resource", base() + "/api/mcp");
    if (scope != null) {
      params.put("scope", scope);
    }
    return params;
  }

  private static Page openConsent(Client client, Pkce pkce, String scope, String state) {
    Map<String, String> params = authorizeParams(client, pkce, scope, state);
    Response page = browser().queryParams(params).get("/oauth/authorize");
    assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'");
    Matcher csrf = CSRF.matcher(page.asString());
    assertThat(csrf.find()).isTrue();
    String cookie = page.cookie("solid_oauth_csrf");
    assertThat(cookie).isEqualTo(csrf.group(1));
    return new Page(page.asString(), csrf.group(1), cookie, params);
  }

  private static Map<String, String> consentForm(
      Page page, Api.Company company, String decision, String mode, String scope) {
    Map<String, String> form = new LinkedHashMap<>(page.request());
    form.put("csrf_token", page.csrf());
    form.put("email", company.email());
    form.put("password", company.password());
    form.put("mode", mode);
    form.put("grant_scope", scope);
    form.put("decision", decision);
    return form;
  }

  private static Response consent(
      Page page, Api.Company company, String decision, String mode, String scope) {
    return browser()
        .cookie("solid_oauth_csrf", page.cookie())
        .formParams(consentForm(page, company, decision, mode, scope))
        .post("/oauth/authorize");
  }

  private static String code(
      Api.Company company, Client client, Pkce pkce, String mode, String scope) {
    Page page = openConsent(client, pkce, scope, "st");
    Response consent = consent(page, company, "approve", mode, scope);
    assertThat(consent.statusCode()).as(consent.asString()).isEqualTo(302);
    return query(consent.header("Location")).get("code");
  }

  private static JsonNode authorize(Api.Company company, String mode, String scope)
      throws Exception {
    return authorize(company, register(), mode, scope);
  }

  private static JsonNode authorize(Api.Company company, Client client, String mode, String scope)
      throws Exception {
    Pkce pkce = Pkce.create();
    return exchangeCode(
        client, code(company, client, pkce, mode, scope), pkce.verifier(), CALLBACK);
  }

  private static Map<String, String> codeParams(
      Client client, String code, String verifier, String redirectUri) {
    return Map.of(
        "grant_type",
        "authorization_code",
        "code",
        code,
        "client_id",
        client.id(),
        "redirect_uri",
        redirectUri,
        "code_verifier",
        verifier,
        "resource",
        base() + "/api/mcp");
  }

  private static JsonNode exchangeCode(
      Client client, String code, String verifier, String redirectUri) throws Exception {
    Response response = tokenRequest(codeParams(client, code, verifier, redirectUri));
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    return JSON.readTree(response.asString());
  }

  private static Response tokenRequest(Map<String, String> params) {
    return given()
        .contentType("application/x-www-form-urlencoded")
        .formParams(params)
        .post("/oauth/token");
  }

  private static Response refreshRequest(Client client, String refreshToken) {
    return tokenRequest(
        Map.of(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refreshToken,
            "client_id",
            client.id()));
  }

  private static JsonNode refresh(Client client, String refreshToken) throws Exception {
    Response response = refreshRequest(client, refreshToken);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    return JSON.readTree(response.asString());
  }

  private static Map<String, String> query(String location) {
    assertThat(location).isNotNull();
    Map<String, String> out = new LinkedHashMap<>();
    String raw = URI.create(location).getRawQuery();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static JsonNode claims(String authorization) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(authorization.substring(7).split("\\.")[1]));
  }
}
