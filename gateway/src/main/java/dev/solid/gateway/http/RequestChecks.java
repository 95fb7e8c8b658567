package dev.solid.gateway.http;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the gateway refuses before any route looks at a request: a path outside its public surface,
 * a request line or headers over the limits, control characters in the path or query. One check for
 * every route, so no service ever sees a {@code %00} (PostgreSQL refuses it in text with a 500).
 */
final class RequestChecks {
  /**
   * What the public port serves: the API (the pipeline's {@code /api/*} and seed 001's {@code
   * /v1/*}, and its MCP URL {@code /mcp}), the hosted pages ({@code /pay/*}: checkout, hosted
   * invoices), the merged API document and the docs page ({@code quarkus.swagger-ui.path}), and
   * OAuth for MCP clients (its metadata under {@code /.well-known/oauth-…} and {@code /oauth/*},
   * see {@code dev.solid.gateway.oauth}). Anything else, {@code /q/*} included, is 404: health and
   * metrics live on the management interface.
   */
  private static final String[] PUBLIC_PREFIXES = {
    "/api/", "/v1/", "/pay/", "/docs/", "/mcp/", "/oauth/", "/.well-known/oauth-"
  };

  private static final String[] PUBLIC_PATHS = {"/openapi.json", "/docs", "/mcp"};

  private RequestChecks() {}

  /**
   * Why the request is refused, or null when it may go on.
   *
   * @param devUi whether {@code /q/*} stays reachable (dev mode's Dev UI is served there)
   */
  static ApiException refusal(
      HttpServerRequest request, GatewayConfig.Limits limits, boolean devUi) {
    String uri = request.uri();
    if (uri != null && uri.length() > limits.maxUriLength()) {
      return new ApiException(
          ErrorCode.URI_TOO_LONG,
          "The request target is longer than " + limits.maxUriLength() + " characters");
    }
    if (headerBytes(request) > limits.maxHeaderBytes()) {
      return new ApiException(
          ErrorCode.HEADERS_TOO_LARGE,
          "The request headers are larger than " + limits.maxHeaderBytes() + " bytes in total");
    }
    String path = request.path();
    boolean reachable = isPublic(path) || devUi && path != null && path.startsWith("/q/");
    if (path == null || !reachable || hasControlCharacter(path, false)) {
      return new ApiException(ErrorCode.NOT_FOUND, "No such endpoint");
    }
    return queryRefusal(request.query());
  }

  static boolean isPublic(String path) {
    if (path == null) {
      return false;
    }
    for (String exact : PUBLIC_PATHS) {
      if (path.equals(exact)) {
        return true;
      }
    }
    for (String prefix : PUBLIC_PREFIXES) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Header lines as they came, roughly: name, ": ", value, CRLF. */
  private static long headerBytes(HttpServerRequest request) {
    long bytes = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      bytes += header.getKey().length() + header.getValue().length() + 4;
    }
    return bytes;
  }

  /** 422 naming the query parameter whose name or value holds a control character. */
  private static ApiException queryRefusal(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      boolean badName = hasControlCharacter(name, true);
      if (badName || equals >= 0 && hasControlCharacter(pair.substring(equals + 1), true)) {
        String field = badName ? "query" : decode(name, true);
        return ApiException.validation(
            new ProblemDetail(field, "invalid_characters", null),
            badName
                ? "A query parameter name contains a control character"
                : "Query parameter '" + field + "' contains a control character");
      }
    }
    return null;
  }

  /**
   * Whether the text holds a control character (C0, DEL or C1), raw or percent-encoded ({@code
   * %00}, {@code %1F}, {@code %7F}, {@code %C2%80}…).
   */
  static boolean hasControlCharacter(String raw, boolean form) {
    String decoded = decode(raw, form);
    for (int i = 0; i < decoded.length(); i++) {
      if (Character.isISOControl(decoded.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Percent-decoding that never fails: a malformed escape stays as it is, invalid UTF-8 becomes
   * U+FFFD. {@code form} also reads '+' as a space, as in a query.
   */
  private static String decode(String raw, boolean form) {
    if (raw.indexOf('%') < 0 && (!form || raw.indexOf('+') < 0)) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    ByteArrayOutputStream escaped = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high >= 0 && low >= 0) {
          escaped.write(high * 16 + low);
          i += 2;
          continue;
        }
      }
      // A run of escapes is one UTF-8 sequence: decoded together.
      out.append(escaped.toString(StandardCharsets.UTF_8));
      escaped.reset();
      out.append(form && c == '+' ? ' ' : c);
    }
    return out.append(escaped.toString(StandardCharsets.UTF_8)).toString();
  }
}
