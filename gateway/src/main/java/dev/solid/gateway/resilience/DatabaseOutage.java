package dev.solid.gateway.resilience;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Tells a PostgreSQL outage from any other failure, and answers it: a 503 with Retry-After, not a
 * 500, because the request was fine and a retry shortly will likely work.
 */
public final class DatabaseOutage {
  private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);

  /** Seconds a client is asked to wait; about one circuit-breaker delay. */
  private static final long RETRY_AFTER_SECONDS = 5;

  private DatabaseOutage() {}

  /**
   * Whether a failure means the database could not be reached (connection refused, reset or lost,
   * no connection from the pool in time, a deadline passed, the circuit breaker open) or is going
   * away (the server shutting down or not accepting connections yet), rather than a bug or an
   * answer from the server: only those become a 503. Any other {@link PgException} is PostgreSQL
   * answering, so it is not one, and neither is any other Vert.x failure (a decoding error is a bug
   * and stays a 500).
   */
  public static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApiException) {
        return false;
      }
      if (t instanceof PgException pg) {
        return isServerGoingAway(pg.getSqlState());
      }
      if (t instanceof FaultToleranceException
          || t instanceof ConnectException
          || t instanceof SocketException
          || t instanceof ClosedChannelException
          || t instanceof UnknownHostException
          || t instanceof TimeoutException
          || (t instanceof VertxException || t instanceof NoStackTraceThrowable)
              && mentionsConnection(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQLSTATE class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03
   * cannot connect now (starting up or shutting down): the server, not the request.
   */
  private static boolean isServerGoingAway(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.equals("57P01")
            || sqlState.equals("57P02")
            || sqlState.equals("57P03"));
  }

  /** "Connection refused", "Connection is closed", "Timeout waiting for connection pool"… */
  private static boolean mentionsConnection(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("connection") || lower.contains("timeout") || lower.contains("timed out");
  }

  /**
   * The 503 for an outage, with a message for the client. Logged as a warning, except while the
   * circuit breaker is open: the breaker logged the outage once when it opened, and a line per
   * refused request would only flood the log.
   */
  public static ApiException unavailable(String message, Throwable cause) {
    if (cause instanceof CircuitBreakerOpenException) {
      LOG.debugf("%s (circuit breaker open)", message);
    } else {
      LOG.warnf("%s: %s", message, cause.toString());
    }
    return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, message).retryAfter(RETRY_AFTER_SECONDS);
  }
}
