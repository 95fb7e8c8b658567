package dev.solid.gateway.http;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Tells a closed connection (the client hung up, a peer reset the socket) from a failure of the
 * gateway's own: a client that leaves is not an error in our log.
 */
public final class Disconnects {
  private Disconnects() {}

  /** Whether {@code failure}, or one of its causes, is a connection that closed under us. */
  public static boolean isDisconnect(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClosedChannelException || t instanceof HttpClosedException) {
        return true;
      }
      if (t instanceof IOException && mentionsClosedConnection(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /** "Connection reset by peer", "Broken pipe", "Connection was closed"… */
  private static boolean mentionsClosedConnection(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("connection reset")
        || lower.contains("broken pipe")
        || lower.contains("connection was closed");
  }
}
