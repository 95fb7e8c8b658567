package dev.solid.payments.link;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The rule of {@code after_completion.redirect_url}, which needs the URL parsed (Bean Validation's
 * {@code @Pattern} cannot tell a host from a path): absolute, https, with a host; plain http only
 * to this machine (a developer's local shop); no user info (a URL that reads as one host and goes
 * to another).
 */
final class RedirectUrls {
  static final int MAX_LENGTH = 2048;
  static final String FIELD = "after_completion.redirect_url";
  private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "[::1]");

  private RedirectUrls() {}

  static String check(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw refused(url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean allowed =
        uri.isAbsolute()
            && !host.isEmpty()
            && uri.getRawUserInfo() == null
            && (scheme.equals("https") || (scheme.equals("http") && LOCAL.contains(host)));
    if (!allowed) {
      throw refused(url);
    }
    return uri.toString();
  }

  /** {@code url} with {@code order_id} added to its query. */
  static String withOrder(String url, long orderId) {
    int fragment = url.indexOf('#');
    String base = fragment < 0 ? url : url.substring(0, fragment);
    String tail = fragment < 0 ? "" : url.substring(fragment);
    String separator =
        base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
    return base + separator + "order_id=" + orderId + tail;
  }

  private static ApiException refused(String url) {
    return ApiException.validation(
        new ProblemDetail(FIELD, "invalid_url", url),
        "Field '"
            + FIELD
            + "' must be an absolute https URL (http only for localhost or 127.0.0.1)");
  }
}
