package dev.solid.gateway.auth;

import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.gateway.company.CompanyRepository;
import dev.solid.gateway.company.Plan;
import dev.solid.gateway.key.ApiKeyFormat;
import dev.solid.gateway.key.ApiKeyRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Turns the Authorization header into a {@link Principal}. API keys are checked for shape and
 * checksum first (no database round trip for garbage), then looked up by hash on every request, so
 * a revoked key is refused on the very next request on every gateway replica.
 */
@ApplicationScoped
public class Authenticator {
  private static final Logger LOG = Logger.getLogger(Authenticator.class);

  /** Header an owner session may send to act on test-mode data; live is the default. */
  public static final String MODE_HEADER = "Solid-Mode";

  private final ApiKeyRepository keys;
  private final CompanyRepository companies;
  private final OwnerTokens ownerTokens;

  public Authenticator(
      ApiKeyRepository keys, CompanyRepository companies, OwnerTokens ownerTokens) {
    this.keys = keys;
    this.companies = companies;
    this.ownerTokens = ownerTokens;
  }

  /**
   * @param authorization the raw Authorization header, may be null
   * @param allowOwner whether an owner session token is accepted here, besides API keys
   * @param modeHeader the {@value #MODE_HEADER} header for owner sessions, may be null
   */
  public Uni<Principal> authenticate(String authorization, boolean allowOwner, String modeHeader) {
    if (authorization == null || authorization.isBlank()) {
      return fail("Missing API key: send 'Authorization: Bearer sk_solid_…'");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return fail("Authorization must use the Bearer scheme");
    }
    String token = authorization.substring(7).trim();
    if (token.startsWith(ApiKeyFormat.PREFIX)) {
      return authenticateKey(token);
    }
    if (allowOwner && token.chars().filter(c -> c == '.').count() == 2) {
      return authenticateOwner(token, modeHeader);
    }
    return fail("Invalid API key");
  }

  private Uni<Principal> authenticateKey(String token) {
    if (!ApiKeyFormat.isWellFormed(token)) {
      return fail("Invalid API key");
    }
    return keys.findByHash(ApiKeyFormat.hash(token))
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return fail("Invalid API key");
              }
              var key = found.get().key();
              if (key.isRevoked()) {
                return fail("This API key has been revoked");
              }
              int planLimit =
                  Plan.fromWire(found.get().plan()).orElse(Plan.STARTER).requestsPerMinute();
              return Uni.createFrom()
                  .item(
                      new Principal(
                          key.companyId(),
                          key.livemode(),
                          key.id(),
                          null,
                          Set.copyOf(key.scopes()),
                          key.rateLimitPerMinute() == null ? planLimit : key.rateLimitPerMinute(),
                          planLimit));
            })
        .onFailure(Authenticator::isUnreachable)
        .transform(Authenticator::unavailable);
  }

  /**
   * Whether a failure means the database could not be reached (connection refused, reset or lost,
   * no connection from the pool in time, a timeout) rather than a bug or an answer from the server:
   * only those become a 503. A {@link PgException} is PostgreSQL answering, so it is not one, and
   * neither is any other Vert.x failure (a decoding error is a bug and stays a 500).
   */
  public static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApiException || t instanceof PgException) {
        return false;
      }
      if (t instanceof ConnectException
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

  /** "Connection refused", "Connection is closed", "Timeout waiting for connection pool"… */
  private static boolean mentionsConnection(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("connection") || lower.contains("timeout") || lower.contains("timed out");
  }

  /**
   * The key store (PostgreSQL) cannot be asked: 503 with Retry-After, not a 500 — the request was
   * fine and a retry shortly will likely work.
   */
  public static ApiException unavailable(Throwable cause) {
    LOG.warnf("Credentials could not be checked: %s", cause.toString());
    return new ApiException(
        ErrorCode.SERVICE_UNAVAILABLE, "Authentication is temporarily unavailable; retry shortly");
  }

  private Uni<Principal> authenticateOwner(String token, String modeHeader) {
    var session = ownerTokens.verify(token);
    if (session.isEmpty()) {
      return fail("Invalid or expired session token");
    }
    if (modeHeader != null && !modeHeader.equals("test") && !modeHeader.equals("live")) {
      return Uni.createFrom()
          .failure(ApiException.badRequest("Header " + MODE_HEADER + " must be 'test' or 'live'"));
    }
    boolean livemode = !"test".equals(modeHeader);
    return companies
        .findCompany(session.get().companyId())
        .flatMap(
            company ->
                company.isEmpty()
                    ? fail("Invalid or expired session token")
                    : Uni.createFrom()
                        .item(
                            new Principal(
                                company.get().id(),
                                livemode,
                                null,
                                session.get().userId(),
                                Set.copyOf(Scopes.ALL),
                                company.get().plan().requestsPerMinute(),
                                company.get().plan().requestsPerMinute())))
        .onFailure(Authenticator::isUnreachable)
        .transform(Authenticator::unavailable);
  }

  private static <T> Uni<T> fail(String message) {
    return Uni.createFrom().failure(ApiException.unauthorized(message));
  }
}
