package dev.solid.webhooks.security;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Refuses URL hosts and ports that software reads in different ways. An IPv4 address has one
 * unambiguous spelling, four decimal parts without leading zeros ({@code 127.0.0.1}); every other
 * numeric form is read one way by Java (our SSRF guard) and another by curl, browsers or proxies:
 * {@code 0177.0.0.1} is 177.0.0.1 to Java and 127.0.0.1 (octal) to others, and {@code 2130706433},
 * {@code 0x7f.0.0.1} or {@code 127.1} are loopback to some and invalid to others. A host whose last
 * label is a number (decimal, or {@code 0x} hex) is numeric, as the URL standard reads it, and must
 * be in that one form. A port must be 1 to 65535 (0 is "any port" to a socket, and would be sent to
 * port 80 by the sender). Pure: no DNS.
 */
public final class HostForms {
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
  private static final Pattern CANONICAL_PART = Pattern.compile("0|[1-9][0-9]{0,2}");

  private HostForms() {}

  /**
   * The refusal of the URL's host or port, or null when both are fine. A URL whose authority
   * java.net.URI cannot read as a host ({@code http://127.1/}) is refused too: the JDK resolves a
   * missing host to loopback.
   */
  public static TargetResolver.RefusedTarget check(URI url) {
    String host = TargetResolver.hostOf(url);
    if (host == null) {
      String named = url.getRawAuthority() == null ? null : hostPart(url.getRawAuthority());
      if (named != null && !named.isEmpty() && hostRefusal(named) != null) {
        return new TargetResolver.RefusedTarget(TargetResolver.AMBIGUOUS, hostRefusal(named));
      }
      return new TargetResolver.RefusedTarget("invalid_url", "The URL has no valid host");
    }
    if (url.getPort() != -1 && (url.getPort() < 1 || url.getPort() > 65535)) {
      return new TargetResolver.RefusedTarget(
          "invalid_url", "Port " + url.getPort() + " is outside 1-65535");
    }
    String refusal = hostRefusal(host);
    return refusal == null
        ? null
        : new TargetResolver.RefusedTarget(TargetResolver.AMBIGUOUS, refusal);
  }

  /** The host of an authority java.net.URI did not parse: without user info and port. */
  private static String hostPart(String authority) {
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host.substring(1) : host.substring(1, end);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /** Why the host is refused, or null. */
  static String hostRefusal(String host) {
    if (host.indexOf(':') >= 0) {
      // IPv6: its embedded IPv4 part (::ffff:a.b.c.d) must be canonical too.
      int dot = host.indexOf('.');
      if (dot < 0) {
        return null;
      }
      String embedded = host.substring(host.lastIndexOf(':') + 1);
      return isCanonicalIpv4(embedded) ? null : ambiguous(host);
    }
    String[] labels = host.split("\\.", -1);
    String last = labels[labels.length - 1];
    if (last.isEmpty() && labels.length > 1) {
      // A trailing dot ("127.0.0.1.") still makes the host numeric.
      last = labels[labels.length - 2];
    }
    if (!NUMERIC_LABEL.matcher(last).matches()) {
      return null;
    }
    return isCanonicalIpv4(host) ? null : ambiguous(host);
  }

  static boolean isCanonicalIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!CANONICAL_PART.matcher(part).matches() || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String ambiguous(String host) {
    String shown = host.length() > 100 ? host.substring(0, 100) + "…" : host;
    return "Host '"
        + shown
        + "' is a numeric address in a form software reads differently; write it as four"
        + " decimal parts without leading zeros (e.g. 203.0.113.7)";
  }
}
