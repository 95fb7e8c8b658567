package dev.solid.gateway.oauth;

import dev.solid.common.caller.Scopes;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consent page of the authorization endpoint: server-rendered HTML with no external asset (no
 * script at all), where the company owner signs in and picks the scopes and the mode to grant.
 * Every value from the request is HTML-escaped; the authorization request travels in hidden fields
 * with the CSRF token, and is checked again when the form comes back.
 */
final class ConsentPage {
  /** Headers of every page: no caching, no framing, nothing loaded from anywhere. */
  static final Map<String, String> HEADERS =
      Map.of(
          "Content-Type", "text/html; charset=utf-8",
          "Cache-Control", "no-store",
          "Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "no-referrer",
          "X-Content-Type-Options", "nosniff");

  private ConsentPage() {}

  /** The sign-in and consent form. */
  static String form(
      String clientName,
      Map<String, String> request,
      String csrf,
      Set<String> checked,
      String mode,
      String email,
      String error) {
    StringBuilder html = new StringBuilder(4096);
    head(html, "Authorize " + clientName);
    html.append("<h1>Authorize <em>").append(escape(clientName)).append("</em></h1>\n");
    html.append(
        "<p>This application asks to use your Solid CRM through the API. Sign in as the company"
            + " owner, then choose what it may do and in which mode. You can revoke it at any time"
            + " (GET/DELETE /api/v1/auth/oauth-grants).</p>\n");
    html.append("<p class=\"small\">It will be sent back to <code>")
        .append(escape(request.get("redirect_uri")))
        .append("</code>.</p>\n");
    if (error != null) {
      html.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>\n");
    }
    html.append("<form method=\"post\" action=\"/oauth/authorize\">\n");
    for (Map.Entry<String, String> field : request.entrySet()) {
      if (field.getValue() != null) {
        hidden(html, field.getKey(), field.getValue());
      }
    }
    hidden(html, "csrf_token", csrf);
    html.append(
            "<label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" value=\"")
        .append(escape(email == null ? "" : email))
        .append("\"></label>\n");
    html.append(
        "<label>Password <input type=\"password\" name=\"password\""
            + " autocomplete=\"current-password\"></label>\n");
    html.append("<fieldset><legend>Scopes</legend>\n");
    for (String scope : Scopes.ALL) {
      html.append("<label class=\"choice\"><input type=\"checkbox\" name=\"grant_scope\" value=\"")
          .append(escape(scope))
          .append('"')
          .append(checked.contains(scope) ? " checked" : "")
          .append("> <code>")
          .append(escape(scope))
          .append("</code></label>\n");
    }
    html.append("</fieldset>\n<fieldset><legend>Mode</legend>\n");
    for (String option : List.of("test", "live")) {
      html.append("<label class=\"choice\"><input type=\"radio\" name=\"mode\" value=\"")
          .append(option)
          .append('"')
          .append(option.equals(mode) ? " checked" : "")
          .append("> ")
          .append(option.equals("test") ? "Test data" : "Live data")
          .append("</label>\n");
    }
    html.append("</fieldset>\n");
    html.append(
        "<button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\n"
            + "<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">"
            + "Deny</button>\n</form>\n</body>\n</html>\n");
    return html.toString();
  }

  /** A page for a request that cannot be sent back to its client (unknown client or URI). */
  static String error(String title, String message) {
    StringBuilder html = new StringBuilder(1024);
    head(html, title);
    html.append("<h1>").append(escape(title)).append("</h1>\n<p class=\"error\">");
    html.append(escape(message)).append("</p>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void head(StringBuilder html, String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append(" · Solid</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;")
        .append("padding:0 1rem;color:#1d1d1f}label{display:block;margin:.6rem 0}")
        .append("input[type=email],input[type=password]{display:block;width:100%;padding:.4rem}")
        .append("fieldset{margin:1rem 0}.choice{display:inline-block;margin:.2rem 1rem .2rem 0}")
        .append(".error{color:#b00020}.small{font-size:.9rem;color:#555}")
        .append("button{padding:.5rem 1.2rem;margin-right:.6rem}")
        .append("</style>\n</head>\n<body>\n");
  }

  private static void hidden(StringBuilder html, String name, String value) {
    html.append("<input type=\"hidden\" name=\"")
        .append(escape(name))
        .append("\" value=\"")
        .append(escape(value))
        .append("\">\n");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
