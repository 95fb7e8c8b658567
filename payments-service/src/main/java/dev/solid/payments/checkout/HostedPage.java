package dev.solid.payments.checkout;

import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A hosted page's answer: an HTML body with its status, sent with the headers every hosted page
 * carries. The CSP allows the page's own inline styles and nothing else: no script, no frame, no
 * request to another host, a form posting only to this origin; nobody may frame it (clickjacking),
 * the page's tokenized URL is never sent on as a referrer, and nothing is cached (a receipt or a
 * form's token must not come back from a shared cache).
 */
public record HostedPage(int status, String html) {
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  public RestResponse<String> response() {
    return RestResponse.ResponseBuilder.<String>create(status)
        .entity(html)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }
}
