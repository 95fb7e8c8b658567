package dev.solid.gateway.resilience;

import dev.solid.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The deadline and circuit breaker of every call the gateway makes to Redis and PostgreSQL, one
 * guard per kind of call. SmallRye Fault Tolerance's programmatic guards rather than annotations,
 * so that the deadlines come from the typed {@link GatewayConfig.Dependencies}.
 *
 * <p>A dependency that stops answering (frozen, partitioned, a failover stall) costs a call at most
 * its deadline; once most recent calls failed, the breaker opens and calls fail at once, without
 * asking the dependency, until a trial call after the breaker's delay succeeds. What a failure
 * means is decided next to each caller: the rate limiter then lets the request pass (fail-open),
 * idempotency and authentication answer 503 (fail-closed).
 */
@ApplicationScoped
public class DependencyGuards {
  private static final Logger LOG = Logger.getLogger(DependencyGuards.class);

  /** Circuit-breaker names, e.g. for {@code CircuitBreakerMaintenance}. */
  public static final String RATE_LIMITER = "redis-rate-limiter";

  public static final String IDEMPOTENCY = "redis-idempotency";
  public static final String MCP_SESSIONS = "redis-mcp-sessions";
  public static final String CREDENTIALS = "postgres-credentials";
  public static final String DATABASE = "postgres-database";

  private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {};

  private final Guard rateLimiter;
  private final Guard idempotency;
  private final Guard mcpSessions;
  private final Guard credentials;
  private final Guard database;

  public DependencyGuards(GatewayConfig config) {
    GatewayConfig.Dependencies settings = config.dependencies();
    // Every Redis failure counts against Redis; for PostgreSQL only an outage does (a unique
    // violation is PostgreSQL answering, and says nothing about its health).
    this.rateLimiter = guard(RATE_LIMITER, settings.rateLimiterTimeout(), settings, e -> true);
    this.idempotency = guard(IDEMPOTENCY, settings.idempotencyTimeout(), settings, e -> true);
    // MCP session records: as short a wait as idempotency's, and fail-closed the same way.
    this.mcpSessions = guard(MCP_SESSIONS, settings.idempotencyTimeout(), settings, e -> true);
    this.credentials =
        guard(CREDENTIALS, settings.credentialsTimeout(), settings, DatabaseOutage::is);
    this.database = guard(DATABASE, settings.databaseTimeout(), settings, DatabaseOutage::is);
  }

  /** The rate limiter's call to Redis. */
  public <T> Uni<T> rateLimiter(Supplier<Uni<T>> call) {
    return run(rateLimiter, call);
  }

  /** An idempotency step in Redis (claim, store, release). */
  public <T> Uni<T> idempotency(Supplier<Uni<T>> call) {
    return run(idempotency, call);
  }

  /** A step on an MCP session record in Redis (open, find, map a replica, close). */
  public <T> Uni<T> mcpSessions(Supplier<Uni<T>> call) {
    return run(mcpSessions, call);
  }

  /** A lookup authentication or login waits on: a key, an owner, a user by email. */
  public <T> Uni<T> credentials(Supplier<Uni<T>> call) {
    return run(credentials, call);
  }

  /** Any other PostgreSQL call: signup, key management. */
  public <T> Uni<T> database(Supplier<Uni<T>> call) {
    return run(database, call);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> Uni<T> run(Guard guard, Supplier<Uni<T>> call) {
    return (Uni<T>) guard.get((Supplier) call, (TypeLiteral) UNI);
  }

  private static Guard guard(
      String name,
      Duration timeout,
      GatewayConfig.Dependencies settings,
      Predicate<Throwable> countsAsFailure) {
    return Guard.create()
        .withDescription(name)
        .withTimeout()
        .duration(timeout.toMillis(), ChronoUnit.MILLIS)
        .done()
        .withCircuitBreaker()
        .name(name)
        .requestVolumeThreshold(settings.breakerRequestVolume())
        .failureRatio(settings.breakerFailureRatio())
        .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
        .successThreshold(1)
        .when(countsAsFailure)
        .onStateChange(state -> logStateChange(name, state))
        .done()
        // The calls are non-blocking (Vert.x clients): they stay on the caller's event loop.
        .withThreadOffload(false)
        .build();
  }

  private static void logStateChange(String name, CircuitBreakerState state) {
    if (state == CircuitBreakerState.OPEN) {
      LOG.warnf("Circuit breaker %s opened: calls fail at once until a trial call succeeds", name);
    } else {
      LOG.infof("Circuit breaker %s is %s", name, state);
    }
  }
}
