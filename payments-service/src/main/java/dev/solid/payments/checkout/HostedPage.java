package dev.solid.payments.checkout;

import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A hosted page's answer: an HTML body with its status, sent with the headers every hosted page
 * carries. The CSP allows the page's own inline styles and nothing else: no script, no frame, no
 * request to another host, a form posting only to this origin (a live page's also leading to
 * Stripe's Checkout host, {@link #formPostingTo}); nobody may frame it (clickjacking), the page's
 * tokenized URL is never sent on as a referrer, and nothing is cached (a receipt or a form's token
 * must not come back from a shared cache).
 */
public record HostedPage(int status, String html, String formOrigin, URI location) {
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  public HostedPage(int status, String html) {
    this(status, html, null, null);
  }

  /**
   * A live page whose form may also lead to Stripe's Checkout host ({@code
   * solid.payments.stripe.checkout-origin}): its POST answers a 303 there, and browsers apply the
   * submitting page's {@code form-action} to that redirect, so the origin is allowed beside 'self'.
   * Nothing else changes: still no script, no request to another host.
   */
  public HostedPage formPostingTo(String origin) {
    return new HostedPage(status, html, origin, location);
  }

  /**
   * 303 See Other to Stripe's page, with {@code html} (a link to it) as the body for a client that
   * does not follow redirects.
   */
  public static HostedPage seeOther(URI location, String html, String origin) {
    return new HostedPage(303, html, origin, location);
  }

  /** The page's CSP: {@link #CONTENT_SECURITY_POLICY}, with the form's other origin if any. */
  public String contentSecurityPolicy() {
    return formOrigin == null
        ? CONTENT_SECURITY_POLICY
        : CONTENT_SECURITY_POLICY.replace(
            "form-action 'self';", "form-action 'self' " + formOrigin + ";");
  }

  public RestResponse<String> response() {
    RestResponse.ResponseBuilder<String> builder =
        RestResponse.ResponseBuilder.<String>create(status);
    if (location != null) {
      builder = builder.location(location);
    }
    return builder
        .entity(html)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        .header("Content-Security-Policy", contentSecurityPolicy())
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }
}
