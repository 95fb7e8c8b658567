package dev.solid.gateway.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.gateway.company.CompanyRepository;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.Exchange;
import dev.solid.gateway.oauth.OAuthRepository.Client;
import dev.solid.gateway.oauth.OAuthRepository.PendingCode;
import dev.solid.gateway.oauth.OAuthRepository.TokenPair;
import dev.solid.gateway.ratelimit.RateLimiter;
import dev.solid.gateway.resilience.DatabaseOutage;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The gateway as the OAuth 2.1 authorization server of its own API, for MCP clients that cannot be
 * given a header (mcp-remote started without {@code --header}): the metadata documents (RFC 9728
 * protected resource, RFC 8414 authorization server), dynamic client registration (RFC 7591, public
 * clients only), the authorization endpoint (code with PKCE S256 only, RFC 8707 resource checked)
 * with its consent page, and the token endpoint (code exchange, refresh with rotation). The access
 * tokens it issues are then accepted by the gateway like API keys ({@link OAuthAuthenticator}).
 *
 * <p>Nothing secret is logged and nothing secret is stored in clear: codes and tokens by their
 * hash. Registration, sign-in and token requests are limited per client address.
 */
@ApplicationScoped
public class OAuthServer {
  private static final Logger LOG = Logger.getLogger(OAuthServer.class);

  public static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
  public static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
  public static final String AUTHORIZE = "/oauth/authorize";
  public static final String TOKEN = "/oauth/token";
  public static final String REGISTER = "/oauth/register";

  /**
   * The MCP endpoints that have a metadata document of their own (path-suffixed, RFC 9728 §3.1).
   */
  static final List<String> MCP_PATHS = List.of("/api/mcp", "/mcp");

  static final String CSRF_COOKIE = "solid_oauth_csrf";
  private static final String DUMMY_HASH = BcryptUtil.bcryptHash("solid-oauth-timing-equaliser");
  private static final int MAX_BODY = 16 * 1024;
  private static final int MAX_URI_LENGTH = 2000;
  private static final int MAX_STATE_LENGTH = 2000;
  private static final int MAX_CLIENT_NAME = 200;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:.]+\\](:[0-9]{1,5})?");

  /** The fields of an authorization request, carried from the page to its form. */
  private static final List<String> REQUEST_FIELDS =
      List.of(
          "response_type",
          "client_id",
          "redirect_uri",
          "state",
          "scope",
          "code_challenge",
          "code_challenge_method",
          "resource");

  private final OAuthRepository repository;
  private final CompanyRepository companies;
  private final RateLimiter rateLimiter;
  private final OAuthConfig config;
  private final GatewayConfig gateway;
  private final ObjectMapper mapper;

  public OAuthServer(
      OAuthRepository repository,
      CompanyRepository companies,
      RateLimiter rateLimiter,
      OAuthConfig config,
      GatewayConfig gateway,
      ObjectMapper mapper) {
    this.repository = repository;
    this.companies = companies;
    this.rateLimiter = rateLimiter;
    this.config = config;
    this.gateway = gateway;
    this.mapper = mapper;
  }

  void register(@Observes Router router) {
    // Every 401 of the API says where its protected-resource metadata is (RFC 9728 §5.1), so an
    // MCP client without a key can discover how to get a token.
    for (String path : new String[] {"/api/*", "/v1/*", "/mcp", "/mcp/*"}) {
      router.route(path).order(-101).handler(this::challengeOnUnauthorized);
    }
    router.get(PROTECTED_RESOURCE).order(-100).handler(rc -> protectedResource(rc, ""));
    for (String path : MCP_PATHS) {
      router.get(PROTECTED_RESOURCE + path).order(-100).handler(rc -> protectedResource(rc, path));
    }
    router.get(AUTHORIZATION_SERVER).order(-100).handler(this::authorizationServer);
    router
        .post(REGISTER)
        .order(-100)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(this::registerClient);
    router.get(AUTHORIZE).order(-100).handler(this::authorizePage);
    router
        .post(AUTHORIZE)
        .order(-100)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(this::authorizeForm);
    router
        .post(TOKEN)
        .order(-100)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(this::token);
  }

  private void challengeOnUnauthorized(RoutingContext rc) {
    String path = rc.normalizedPath();
    boolean presented = rc.request().getHeader("Authorization") != null;
    rc.addHeadersEndHandler(
        ignored -> {
          var response = rc.response();
          if (response.getStatusCode() == 401 && !response.headers().contains("WWW-Authenticate")) {
            response.putHeader("WWW-Authenticate", challenge(rc, path, presented));
          }
        });
    rc.next();
  }

  /**
   * The value of {@code WWW-Authenticate} on a 401 of the API: where the metadata of the resource
   * is (the MCP endpoints' own document for them, RFC 9728 §5.1).
   */
  public String challenge(RoutingContext rc, String path, boolean tokenPresented) {
    String suffix =
        MCP_PATHS.stream()
            .filter(p -> path.equals(p) || path.startsWith(p + "/"))
            .findFirst()
            .orElse("");
    return "Bearer realm=\"solid\", resource_metadata=\""
        + base(rc)
        + PROTECTED_RESOURCE
        + suffix
        + "\""
        + (tokenPresented ? ", error=\"invalid_token\"" : "");
  }

  // ---- metadata

  private void protectedResource(RoutingContext rc, String path) {
    String base = base(rc);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resource", base + path);
    body.put("authorization_servers", List.of(base));
    body.put("scopes_supported", Scopes.ALL);
    body.put("bearer_methods_supported", List.of("header"));
    body.put("resource_name", "Solid API");
    sendJson(new Exchange(rc, mapper), 200, body, Map.of("Access-Control-Allow-Origin", "*"));
  }

  private void authorizationServer(RoutingContext rc) {
    String base = base(rc);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("issuer", base);
    body.put("authorization_endpoint", base + AUTHORIZE);
    body.put("token_endpoint", base + TOKEN);
    body.put("registration_endpoint", base + REGISTER);
    body.put("scopes_supported", Scopes.ALL);
    body.put("response_types_supported", List.of("code"));
    body.put("response_modes_supported", List.of("query"));
    body.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
    body.put("token_endpoint_auth_methods_supported", List.of("none"));
    body.put("code_challenge_methods_supported", List.of("S256"));
    sendJson(new Exchange(rc, mapper), 200, body, Map.of("Access-Control-Allow-Origin", "*"));
  }

  // ---- registration (RFC 7591)

  private void registerClient(RoutingContext rc) {
    Exchange exchange = new Exchange(rc, mapper);
    limit(exchange, "oauth-register:", config.registrationsPerMinute())
        .map(ignored -> readRegistration(rc))
        .flatMap(
            registration ->
                repository.insertClient(
                    OAuthSecrets.generate(OAuthSecrets.CLIENT_PREFIX),
                    registration.name(),
                    registration.redirectUris()))
        .subscribe()
        .with(
            client -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("client_id", client.clientId());
              body.put("client_id_issued_at", client.createdAt().getEpochSecond());
              if (client.name() != null) {
                body.put("client_name", client.name());
              }
              body.put("redirect_uris", client.redirectUris());
              body.put("grant_types", List.of("authorization_code", "refresh_token"));
              body.put("response_types", List.of("code"));
              body.put("token_endpoint_auth_method", "none");
              LOG.infof("OAuth client %s registered (%s)", client.clientId(), client.name());
              sendJson(exchange, 201, body, Map.of("Cache-Control", "no-store"));
            },
            e -> failJson(exchange, e));
  }

  private record Registration(String name, List<String> redirectUris) {}

  private Registration readRegistration(RoutingContext rc) {
    String type = mediaType(rc.request().getHeader("Content-Type"));
    if (!type.equals("application/json")) {
      throw new OAuthError(400, "invalid_client_metadata", "Content-Type must be application/json");
    }
    JsonNode body;
    try {
      body =
          mapper.readTree(rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
    } catch (IOException e) {
      throw new OAuthError(400, "invalid_client_metadata", "Malformed JSON in request body");
    }
    if (body == null || !body.isObject()) {
      throw new OAuthError(400, "invalid_client_metadata", "The body must be a JSON object");
    }
    JsonNode uris = body.get("redirect_uris");
    if (uris == null || !uris.isArray() || uris.isEmpty()) {
      throw new OAuthError(400, "invalid_redirect_uri", "redirect_uris must list at least one URI");
    }
    if (uris.size() > config.maxRedirectUris()) {
      throw new OAuthError(
          400,
          "invalid_redirect_uri",
          "At most " + config.maxRedirectUris() + " redirect_uris may be registered");
    }
    List<String> redirectUris = new ArrayList<>();
    for (JsonNode uri : uris) {
      if (!uri.isTextual()) {
        throw new OAuthError(400, "invalid_redirect_uri", "Each redirect URI must be a string");
      }
      String problem = redirectUriProblem(uri.asText());
      if (problem != null) {
        throw new OAuthError(400, "invalid_redirect_uri", problem);
      }
      redirectUris.add(uri.asText());
    }
    String method = text(body, "token_endpoint_auth_method");
    if (method != null && !method.equals("none")) {
      throw new OAuthError(
          400,
          "invalid_client_metadata",
          "Only public clients are registered: token_endpoint_auth_method must be 'none'");
    }
    requireSubset(body, "grant_types", Set.of("authorization_code", "refresh_token"));
    requireSubset(body, "response_types", Set.of("code"));
    String name = text(body, "client_name");
    if (name != null && name.chars().anyMatch(Character::isISOControl)) {
      throw new OAuthError(
          400, "invalid_client_metadata", "client_name must not hold control characters");
    }
    if (name != null && (name.isBlank() || name.length() > MAX_CLIENT_NAME)) {
      throw new OAuthError(
          400,
          "invalid_client_metadata",
          "client_name must be 1 to " + MAX_CLIENT_NAME + " characters");
    }
    return new Registration(
        name == null ? null : name.trim(), List.copyOf(new LinkedHashSet<>(redirectUris)));
  }

  private static void requireSubset(JsonNode body, String field, Set<String> allowed) {
    JsonNode values = body.get(field);
    if (values == null || values.isNull()) {
      return;
    }
    if (!values.isArray()) {
      throw new OAuthError(400, "invalid_client_metadata", field + " must be an array");
    }
    for (JsonNode value : values) {
      if (!value.isTextual() || !allowed.contains(value.asText())) {
        throw new OAuthError(
            400,
            "invalid_client_metadata",
            field + " may only hold " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new OAuthError(400, "invalid_client_metadata", field + " must be a string");
    }
    return value.asText();
  }

  /**
   * Why a redirect URI cannot be registered, or null: https anywhere, or http to a loopback host
   * only (a native client's local callback, RFC 8252 §7.3); absolute, no fragment, no userinfo.
   */
  static String redirectUriProblem(String value) {
    if (value.length() > MAX_URI_LENGTH) {
      return "A redirect URI may be at most " + MAX_URI_LENGTH + " characters";
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return "Not a valid URI: " + abbreviate(value);
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      return "A redirect URI must be absolute with a host: " + abbreviate(value);
    }
    if (uri.getRawFragment() != null) {
      return "A redirect URI must not have a fragment";
    }
    if (uri.getRawUserInfo() != null) {
      return "A redirect URI must not carry user information";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http") && LOOPBACK.contains(host)) {
      return null;
    }
    return "A redirect URI must use https, or http to localhost/127.0.0.1 only: "
        + abbreviate(value);
  }

  private static String abbreviate(String value) {
    return value.length() > 100 ? value.substring(0, 100) + "…" : value;
  }

  // ---- authorization endpoint

  /** An authorization request checked far enough to know where errors may be sent. */
  private record AuthorizationRequest(
      Client client,
      String redirectUri,
      String state,
      Set<String> requestedScopes,
      String codeChallenge,
      String resource,
      Map<String, String> fields) {}

  private void authorizePage(RoutingContext rc) {
    Exchange exchange = new Exchange(rc, mapper);
    MultiMap params = rc.queryParams();
    checkClient(params)
        .subscribe()
        .with(
            checked -> {
              if (checked.page() != null) {
                sendHtml(exchange, 400, checked.page(), Map.of());
                return;
              }
              AuthorizationRequest request;
              try {
                request = checkRequest(checked.client(), params, base(rc));
              } catch (OAuthError e) {
                redirectError(exchange, checked.client(), params, e);
                return;
              }
              String csrf = OAuthSecrets.generate("");
              Set<String> checkedScopes = defaultScopes(request.requestedScopes());
              sendHtml(
                  exchange,
                  200,
                  ConsentPage.form(
                      clientName(request.client()),
                      request.fields(),
                      csrf,
                      checkedScopes,
                      "test",
                      null,
                      null),
                  Map.of("Set-Cookie", csrfCookie(rc, csrf)));
            },
            e -> failHtml(exchange, e));
  }

  private void authorizeForm(RoutingContext rc) {
    Exchange exchange = new Exchange(rc, mapper);
    if (!mediaType(rc.request().getHeader("Content-Type"))
        .equals("application/x-www-form-urlencoded")) {
      sendHtml(
          exchange,
          415,
          ConsentPage.error("Cannot authorize", "The consent form must be posted as a form."),
          Map.of());
      return;
    }
    MultiMap form = rc.request().formAttributes();
    checkClient(form)
        .subscribe()
        .with(
            checked -> {
              if (checked.page() != null) {
                sendHtml(exchange, 400, checked.page(), Map.of());
                return;
              }
              String cookie =
                  rc.request().getCookie(CSRF_COOKIE) == null
                      ? null
                      : rc.request().getCookie(CSRF_COOKIE).getValue();
              String csrf = form.get("csrf_token");
              if (csrf == null || !OAuthSecrets.sameText(csrf, cookie)) {
                sendHtml(
                    exchange,
                    403,
                    ConsentPage.error(
                        "Cannot authorize",
                        "This form was not sent from the consent page (its CSRF token is missing"
                            + " or does not match). Open the authorization link again."),
                    Map.of());
                return;
              }
              AuthorizationRequest request;
              try {
                request = checkRequest(checked.client(), form, base(rc));
              } catch (OAuthError e) {
                redirectError(exchange, checked.client(), form, e);
                return;
              }
              if (!"approve".equals(form.get("decision"))) {
                redirect(
                    exchange,
                    request.redirectUri(),
                    errorParams("access_denied", "The owner denied the request", request.state()));
                return;
              }
              approve(exchange, rc, request, form, csrf);
            },
            e -> failHtml(exchange, e));
  }

  private void approve(
      Exchange exchange,
      RoutingContext rc,
      AuthorizationRequest request,
      MultiMap form,
      String csrf) {
    String email = form.get("email") == null ? "" : form.get("email").trim();
    String password = form.get("password") == null ? "" : form.get("password");
    String mode = form.get("mode") == null ? "" : form.get("mode");
    Set<String> chosen = new LinkedHashSet<>(form.getAll("grant_scope"));
    Set<String> shown = chosen.isEmpty() ? defaultScopes(request.requestedScopes()) : chosen;
    java.util.function.BiConsumer<Integer, String> again =
        (status, error) ->
            sendHtml(
                exchange,
                status,
                ConsentPage.form(
                    clientName(request.client()),
                    request.fields(),
                    csrf,
                    shown,
                    mode.equals("live") ? "live" : "test",
                    email,
                    error),
                Map.of());
    List<String> unknown = chosen.stream().filter(s -> !Scopes.isKnown(s)).toList();
    if (chosen.isEmpty() || !unknown.isEmpty()) {
      again.accept(
          422, chosen.isEmpty() ? "Choose at least one scope." : "Unknown scope " + unknown);
      return;
    }
    if (!mode.equals("test") && !mode.equals("live")) {
      again.accept(422, "Choose the mode: test or live.");
      return;
    }
    if (email.isEmpty() || password.isEmpty()) {
      again.accept(401, "Enter the owner's email and password.");
      return;
    }
    // The sign-in is limited like login (per client address), before the slow password check.
    rateLimiter
        .check("ip:" + clientAddress(rc), gateway.authAttemptsPerMinute())
        .flatMap(
            decision -> {
              if (!decision.allowed()) {
                again.accept(429, "Too many attempts; retry in " + decision.resetSeconds() + " s.");
                return Uni.createFrom().item(Boolean.FALSE);
              }
              return companies
                  .findUserByEmail(email)
                  .flatMap(
                      user ->
                          matches(
                                  password,
                                  user.map(CompanyRepository.User::passwordHash).orElse(DUMMY_HASH))
                              .flatMap(
                                  ok -> {
                                    if (!ok || user.isEmpty()) {
                                      again.accept(401, "Invalid email or password.");
                                      return Uni.createFrom().item(Boolean.FALSE);
                                    }
                                    return issueCode(exchange, request, user.get(), chosen, mode)
                                        .replaceWith(Boolean.TRUE);
                                  }));
            })
        .subscribe()
        .with(ignored -> {}, e -> failHtml(exchange, e));
  }

  private Uni<Void> issueCode(
      Exchange exchange,
      AuthorizationRequest request,
      CompanyRepository.User user,
      Set<String> scopes,
      String mode) {
    String code = OAuthSecrets.generate(OAuthSecrets.CODE_PREFIX);
    List<String> ordered = Scopes.ALL.stream().filter(scopes::contains).toList();
    PendingCode pending =
        new PendingCode(
            request.client().id(),
            user.companyId(),
            user.id(),
            mode.equals("live"),
            ordered,
            request.redirectUri(),
            request.codeChallenge(),
            request.resource());
    return repository
        .insertCode(OAuthSecrets.hash(code), pending, Instant.now().plus(config.codeTtl()))
        .invoke(
            () -> {
              LOG.infof(
                  "OAuth consent: company %d gave client %s %s (%s)",
                  user.companyId(), request.client().clientId(), ordered, mode);
              Map<String, String> params = new LinkedHashMap<>();
              params.put("code", code);
              if (request.state() != null) {
                params.put("state", request.state());
              }
              redirect(exchange, request.redirectUri(), params);
            });
  }

  /** The client and redirect URI, or the page saying why the request cannot go back to them. */
  private record CheckedClient(Client client, String page) {}

  private Uni<CheckedClient> checkClient(MultiMap params) {
    String clientId = params.get("client_id");
    String redirectUri = params.get("redirect_uri");
    if (clientId == null || params.getAll("client_id").size() > 1) {
      return Uni.createFrom()
          .item(
              new CheckedClient(
                  null, ConsentPage.error("Cannot authorize", "client_id is missing")));
    }
    if (!OAuthSecrets.isWellFormed(clientId, OAuthSecrets.CLIENT_PREFIX)) {
      return Uni.createFrom().item(unknownClient());
    }
    return repository
        .findClient(clientId)
        .map(
            found -> {
              if (found.isEmpty()) {
                return unknownClient();
              }
              if (redirectUri == null
                  || params.getAll("redirect_uri").size() > 1
                  || !found.get().redirectUris().contains(redirectUri)) {
                return new CheckedClient(
                    null,
                    ConsentPage.error(
                        "Cannot authorize",
                        "redirect_uri must be exactly one of the URIs this client registered"));
              }
              return new CheckedClient(found.get(), null);
            });
  }

  private static CheckedClient unknownClient() {
    return new CheckedClient(
        null,
        ConsentPage.error(
            "Cannot authorize",
            "Unknown client_id: register the client at " + REGISTER + " first"));
  }

  /** The rest of the request, once it is known to go back to a registered redirect URI. */
  private AuthorizationRequest checkRequest(Client client, MultiMap params, String base) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String name : REQUEST_FIELDS) {
      if (params.getAll(name).size() > 1) {
        throw OAuthError.invalidRequest("Parameter " + name + " is repeated");
      }
      fields.put(name, params.get(name));
    }
    String state = fields.get("state");
    if (state != null && state.length() > MAX_STATE_LENGTH) {
      throw OAuthError.invalidRequest("state is longer than " + MAX_STATE_LENGTH + " characters");
    }
    if (!"code".equals(fields.get("response_type"))) {
      throw new OAuthError(
          400, "unsupported_response_type", "Only response_type=code is supported");
    }
    String method = fields.get("code_challenge_method");
    if (fields.get("code_challenge") == null) {
      throw OAuthError.invalidRequest("PKCE is required: send code_challenge with method S256");
    }
    if (!"S256".equals(method)) {
      throw OAuthError.invalidRequest(
          "code_challenge_method must be S256"
              + ("plain".equals(method) ? "; plain is not accepted" : ""));
    }
    if (!OAuthSecrets.isS256Challenge(fields.get("code_challenge"))) {
      throw OAuthError.invalidRequest(
          "code_challenge is not an S256 challenge (43 base64url characters)");
    }
    String resource = fields.get("resource");
    if (resource != null) {
      checkResource(resource, base);
    }
    Set<String> requested = new LinkedHashSet<>();
    if (fields.get("scope") != null) {
      for (String scope : fields.get("scope").trim().split("\\s+")) {
        if (Scopes.isKnown(scope)) {
          requested.add(scope);
        }
      }
    }
    return new AuthorizationRequest(
        client,
        fields.get("redirect_uri"),
        state,
        requested,
        fields.get("code_challenge"),
        resource,
        fields);
  }

  /**
   * RFC 8707: the resource must be this API (same origin as the issuer; any path on it, since a
   * token is good for the whole API), absolute and without fragment.
   */
  private void checkResource(String resource, String base) {
    try {
      URI uri = new URI(resource);
      if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null) {
        throw new OAuthError(
            400, "invalid_target", "resource must be an absolute URI without fragment");
      }
    } catch (URISyntaxException e) {
      throw new OAuthError(400, "invalid_target", "resource is not a valid URI");
    }
    if (base != null && !sameOrigin(resource, base)) {
      throw new OAuthError(400, "invalid_target", "resource must be this API (" + base + ")");
    }
  }

  private static boolean sameOrigin(String a, String b) {
    try {
      URI x = new URI(a);
      URI y = new URI(b);
      return x.getScheme().equalsIgnoreCase(y.getScheme())
          && x.getHost().equalsIgnoreCase(y.getHost())
          && port(x) == port(y);
    } catch (URISyntaxException | RuntimeException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** Read scopes are offered ticked: those asked for, or all of them when none was asked for. */
  private static Set<String> defaultScopes(Set<String> requested) {
    Set<String> reads =
        Scopes.ALL.stream()
            .filter(s -> s.startsWith("read:"))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> asked = new LinkedHashSet<>(requested);
    asked.retainAll(reads);
    return asked.isEmpty() ? reads : asked;
  }

  private static String clientName(Client client) {
    return client.name() == null ? client.clientId() : client.name();
  }

  private void redirectError(Exchange exchange, Client client, MultiMap params, OAuthError error) {
    String state = params.getAll("state").size() == 1 ? params.get("state") : null;
    if (state != null && state.length() > MAX_STATE_LENGTH) {
      state = null;
    }
    redirect(
        exchange,
        params.get("redirect_uri"),
        errorParams(error.error(), error.getMessage(), state));
  }

  private static Map<String, String> errorParams(String error, String description, String state) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("error", error);
    params.put("error_description", description);
    if (state != null) {
      params.put("state", state);
    }
    return params;
  }

  private static void redirect(Exchange exchange, String redirectUri, Map<String, String> params) {
    StringBuilder location = new StringBuilder(redirectUri);
    char separator = redirectUri.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> param : params.entrySet()) {
      location
          .append(separator)
          .append(param.getKey())
          .append('=')
          .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    exchange.send(
        302, Map.of("Location", location.toString(), "Cache-Control", "no-store"), Buffer.buffer());
  }

  private static String csrfCookie(RoutingContext rc, String value) {
    boolean secure = "https".equals(rc.request().scheme());
    return CSRF_COOKIE
        + "="
        + value
        + "; Path="
        + AUTHORIZE
        + "; Max-Age=900; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  // ---- token endpoint

  private void token(RoutingContext rc) {
    Exchange exchange = new Exchange(rc, mapper);
    limit(exchange, "oauth-token:", config.tokenRequestsPerMinute())
        .flatMap(ignored -> exchangeToken(rc))
        .subscribe()
        .with(
            body ->
                sendJson(
                    exchange, 200, body, Map.of("Cache-Control", "no-store", "Pragma", "no-cache")),
            e -> failJson(exchange, e));
  }

  private Uni<Map<String, Object>> exchangeToken(RoutingContext rc) {
    if (!mediaType(rc.request().getHeader("Content-Type"))
        .equals("application/x-www-form-urlencoded")) {
      throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
    }
    MultiMap form = rc.request().formAttributes();
    for (String name : form.names()) {
      if (form.getAll(name).size() > 1) {
        throw OAuthError.invalidRequest("Parameter " + name + " is repeated");
      }
    }
    String grantType = form.get("grant_type");
    String clientId = form.get("client_id");
    if (grantType == null) {
      throw OAuthError.invalidRequest("grant_type is required");
    }
    if (!grantType.equals("authorization_code") && !grantType.equals("refresh_token")) {
      throw new OAuthError(
          400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    }
    if (clientId == null) {
      throw OAuthError.invalidRequest("client_id is required (public clients identify themselves)");
    }
    String resource = form.get("resource");
    if (resource != null) {
      checkResource(resource, base(rc));
    }
    return repository
        .findClient(clientId)
        .flatMap(
            client -> {
              if (client.isEmpty()) {
                throw new OAuthError(401, "invalid_client", "Unknown client_id");
              }
              return grantType.equals("authorization_code")
                  ? codeGrant(client.get(), form, resource)
                  : refreshGrant(client.get(), form);
            });
  }

  private Uni<Map<String, Object>> codeGrant(Client client, MultiMap form, String resource) {
    String code = form.get("code");
    String verifier = form.get("code_verifier");
    String redirectUri = form.get("redirect_uri");
    if (code == null || verifier == null || redirectUri == null) {
      throw OAuthError.invalidRequest("code, code_verifier and redirect_uri are required");
    }
    if (!OAuthSecrets.isWellFormed(code, OAuthSecrets.CODE_PREFIX)) {
      throw OAuthError.invalidGrant("Invalid authorization code");
    }
    byte[] codeHash = OAuthSecrets.hash(code);
    return repository
        .useCode(codeHash)
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                throw OAuthError.invalidGrant("Invalid authorization code");
              }
              var used = found.get();
              if (used.reused()) {
                // RFC 6749 §4.1.2: a code used twice revokes what its first use obtained.
                Uni<Void> revoke =
                    used.grantId() == null
                        ? Uni.createFrom().voidItem()
                        : repository.revokeReplayed(used.grantId());
                return revoke.map(
                    ignored -> {
                      LOG.warnf(
                          "OAuth code of client %s used twice: grant %s revoked",
                          client.clientId(), used.grantId());
                      throw OAuthError.invalidGrant(
                          "The authorization code was already used; the authorization it gave is"
                              + " revoked");
                    });
              }
              PendingCode pending = used.code();
              if (used.expired()) {
                throw OAuthError.invalidGrant("The authorization code has expired");
              }
              if (pending.clientPk() != client.id()) {
                throw OAuthError.invalidGrant(
                    "The authorization code was issued to another client");
              }
              if (!pending.redirectUri().equals(redirectUri)) {
                throw OAuthError.invalidGrant(
                    "redirect_uri differs from the one of the authorization request");
              }
              if (!OAuthSecrets.verifierMatches(verifier, pending.codeChallenge())) {
                throw OAuthError.invalidGrant("code_verifier does not match the code_challenge");
              }
              if (resource != null
                  && pending.resource() != null
                  && !resource.equals(pending.resource())) {
                throw new OAuthError(
                    400, "invalid_target", "resource differs from the authorization request's");
              }
              TokenPair tokens = newPair();
              Instant now = Instant.now();
              return repository
                  .createGrant(
                      codeHash,
                      pending,
                      tokens,
                      now.plus(config.accessTokenTtl()),
                      now.plus(config.refreshTokenTtl()))
                  .map(
                      grantId -> {
                        LOG.infof(
                            "OAuth grant %d issued to client %s for company %d",
                            grantId, client.clientId(), pending.companyId());
                        return tokenBody(tokens, pending.scopes());
                      });
            });
  }

  private Uni<Map<String, Object>> refreshGrant(Client client, MultiMap form) {
    String refresh = form.get("refresh_token");
    if (refresh == null) {
      throw OAuthError.invalidRequest("refresh_token is required");
    }
    if (!OAuthSecrets.isWellFormed(refresh, OAuthSecrets.REFRESH_PREFIX)) {
      throw OAuthError.invalidGrant("Invalid refresh token");
    }
    TokenPair next = newPair();
    Instant now = Instant.now();
    return repository
        .rotate(
            OAuthSecrets.hash(refresh),
            client.clientId(),
            next,
            now.plus(config.accessTokenTtl()),
            now.plus(config.refreshTokenTtl()))
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                throw OAuthError.invalidGrant("Invalid refresh token");
              }
              var rotated = found.get();
              if (rotated.reused()) {
                // A rotated refresh token came back: one of two holders is not the client.
                return repository
                    .revokeReplayed(rotated.grantId())
                    .map(
                        ignored -> {
                          LOG.warnf(
                              "OAuth refresh token of grant %d reused: grant revoked",
                              rotated.grantId());
                          throw OAuthError.invalidGrant(
                              "The refresh token was already used; the authorization is revoked");
                        });
              }
              if (rotated.revoked()) {
                throw OAuthError.invalidGrant("The authorization has been revoked");
              }
              if (rotated.expired()) {
                throw OAuthError.invalidGrant("The refresh token has expired");
              }
              if (!rotated.clientId().equals(client.clientId())) {
                throw OAuthError.invalidGrant("The refresh token was issued to another client");
              }
              return Uni.createFrom().item(tokenBody(next, rotated.scopes()));
            });
  }

  private static TokenPair newPair() {
    return new TokenPair(
        OAuthSecrets.generate(OAuthSecrets.ACCESS_PREFIX),
        OAuthSecrets.generate(OAuthSecrets.REFRESH_PREFIX));
  }

  private Map<String, Object> tokenBody(TokenPair tokens, List<String> scopes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", tokens.accessToken());
    body.put("token_type", "Bearer");
    body.put("expires_in", config.accessTokenTtl().toSeconds());
    body.put("refresh_token", tokens.refreshToken());
    body.put("scope", String.join(" ", scopes));
    return body;
  }

  // ---- shared

  private Uni<Void> limit(Exchange exchange, String subject, int perMinute) {
    return rateLimiter
        .check(subject + clientAddress(exchange.context()), perMinute)
        .invoke(exchange::rateLimit)
        .map(
            d -> {
              if (!d.allowed()) {
                throw new ApiException(
                    ErrorCode.RATE_LIMIT_EXCEEDED,
                    "Rate limit of "
                        + d.limit()
                        + " requests per minute exceeded; retry in "
                        + d.resetSeconds()
                        + " s");
              }
              return null;
            });
  }

  /** The issuer: the configured public URL, else this request's scheme and (checked) Host. */
  String base(RoutingContext rc) {
    if (config.publicUrl().isPresent()) {
      String url = config.publicUrl().get();
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    String host = rc.request().getHeader("Host");
    if (host == null || !HOST.matcher(host).matches()) {
      host = "localhost";
    }
    return rc.request().scheme() + "://" + host.toLowerCase(Locale.ROOT);
  }

  private static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  private static Uni<Boolean> matches(String password, String hash) {
    return Uni.createFrom()
        .item(() -> BcryptUtil.matches(password, hash))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private void sendJson(Exchange exchange, int status, Object body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    exchange.send(status, all, exchange.json(body));
  }

  private static void sendHtml(
      Exchange exchange, int status, String html, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(ConsentPage.HEADERS);
    all.putAll(headers);
    exchange.send(status, all, Buffer.buffer(html, "UTF-8"));
  }

  /**
   * An OAuth error as RFC 6749 §5.2 has it ({@code error}, {@code error_description}), with the
   * API's problem members alongside; any other failure as the API's problem+json.
   */
  private void failJson(Exchange exchange, Throwable failure) {
    if (failure instanceof OAuthError e) {
      Problem problem =
          Problem.of(e.status(), e.error(), e.getMessage(), null, exchange.requestId())
              .withMembers(Map.of("error", e.error(), "error_description", e.getMessage()));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("Cache-Control", "no-store");
      if (e.status() == 401) {
        headers.put("WWW-Authenticate", "Basic realm=\"solid\"");
      }
      exchange.send(e.status(), headers, exchange.json(problem));
      return;
    }
    exchange.fail(unavailable(failure));
  }

  private static void failHtml(Exchange exchange, Throwable failure) {
    Throwable cause = unavailable(failure);
    if (!(cause instanceof ApiException api) || api.status() >= 500) {
      if (!(cause instanceof ApiException)) {
        LOG.errorf(failure, "OAuth authorization failed (request %s)", exchange.requestId());
      }
      sendHtml(
          exchange,
          cause instanceof ApiException api2 ? api2.status() : 500,
          ConsentPage.error(
              "Cannot authorize right now",
              "Something went wrong on our side; retry shortly (request "
                  + exchange.requestId()
                  + ")."),
          cause instanceof ApiException ? Map.of("Retry-After", "5") : Map.of());
      return;
    }
    sendHtml(
        exchange, api.status(), ConsentPage.error("Cannot authorize", api.getMessage()), Map.of());
  }

  private static Throwable unavailable(Throwable failure) {
    return DatabaseOutage.is(failure)
        ? DatabaseOutage.unavailable(
            "Authorization is temporarily unavailable; retry shortly", failure)
        : failure;
  }

  private static String clientAddress(RoutingContext rc) {
    var address = rc.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }
}
