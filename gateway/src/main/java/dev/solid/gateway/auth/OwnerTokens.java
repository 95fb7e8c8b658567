package dev.solid.gateway.auth;

import dev.solid.common.caller.InternalToken;
import dev.solid.gateway.config.GatewayConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The owner's session token returned by login: a JWT for audience {@code solid-owner}, signed with
 * the gateway's key. It is accepted only by the gateway, never forwarded to a service as is.
 */
@ApplicationScoped
public class OwnerTokens {
  public static final String AUDIENCE = "solid-owner";
  private final GatewayConfig config;
  private final JWTParser parser;

  public OwnerTokens(GatewayConfig config, JWTParser parser) {
    this.config = config;
    this.parser = parser;
  }

  public String issue(long userId, long companyId) {
    return Jwt.issuer(InternalToken.ISSUER)
        .audience(AUDIENCE)
        .subject("user:" + userId)
        .claim(InternalToken.COMPANY_ID, companyId)
        .claim("uid", userId)
        .expiresIn(config.ownerTokenTtl())
        .jws()
        .algorithm(SignatureAlgorithm.ES256)
        .sign();
  }

  public long ttlSeconds() {
    return config.ownerTokenTtl().toSeconds();
  }

  /** The verified session (user id, company id), or empty for anything else. */
  public Optional<Session> verify(String token) {
    try {
      JsonWebToken jwt = parser.parse(token);
      if (!jwt.getAudience().contains(AUDIENCE)) {
        return Optional.empty();
      }
      return Optional.of(
          new Session(
              Long.parseLong(jwt.getClaim("uid").toString()),
              Long.parseLong(jwt.getClaim(InternalToken.COMPANY_ID).toString())));
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public record Session(long userId, long companyId) {}
}
