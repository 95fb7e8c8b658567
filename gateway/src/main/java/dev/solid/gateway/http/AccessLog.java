package dev.solid.gateway.http;

import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * One INFO line per request once its answer is done: method, path, status, duration and request id,
 * so an operator can find a request by the id a client reports. No query string (it may carry
 * secrets), no headers, no bodies.
 *
 * <p>Quarkus' own access log ({@code quarkus.http.access-log}) is a route handler like any other,
 * so it never sees a request that Vert.x Web refuses while routing it (no Host header); this log is
 * started by the gateway's first handler and by its failure handler alike, which covers both.
 */
final class AccessLog {
  /** Logger category of the access log, for a log router or {@code quarkus.log.category}. */
  static final String CATEGORY = "dev.solid.gateway.access";

  private static final Logger LOG = Logger.getLogger(CATEGORY);
  private static final String TRACKED = "solid.access-log";
  private static final int MAX_PATH = 256;

  private AccessLog() {}

  /** Logs the request when its answer ends; a second call for the same request does nothing. */
  static void track(RoutingContext rc) {
    if (rc.get(TRACKED) != null) {
      return;
    }
    rc.put(TRACKED, Boolean.TRUE);
    long started = System.nanoTime();
    rc.addEndHandler(
        done ->
            LOG.infof(
                "%s %s %d %d ms %s%s",
                rc.request().method(),
                printable(rc.request().path()),
                rc.response().getStatusCode(),
                (System.nanoTime() - started) / 1_000_000,
                rc.get(Exchange.REQUEST_ID),
                done.succeeded() ? "" : " (connection closed before the answer was complete)"));
  }

  /**
   * The path as it came (still percent-encoded), cut short, with no character that breaks a line.
   */
  private static String printable(String path) {
    if (path == null) {
      return "-";
    }
    String cut = path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "…" : path;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
