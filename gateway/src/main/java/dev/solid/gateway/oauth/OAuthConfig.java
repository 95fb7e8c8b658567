package dev.solid.gateway.oauth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** OAuth for MCP clients (SOLID_GATEWAY_OAUTH_…). */
@ConfigMapping(prefix = "solid.gateway.oauth")
public interface OAuthConfig {
  /**
   * The gateway's public base URL (e.g. https://api.solid.example), the issuer and the resource of
   * the metadata. Unset, it is taken from each request (scheme and Host), which suits a local
   * stack.
   */
  Optional<String> publicUrl();

  /** Lifetime of an access token. */
  @WithDefault("1h")
  Duration accessTokenTtl();

  /** Lifetime of a refresh token (each use hands out a new one). */
  @WithDefault("30d")
  Duration refreshTokenTtl();

  /** Lifetime of an authorization code. */
  @WithDefault("60s")
  Duration codeTtl();

  /** Client registrations accepted per client address per minute. */
  @WithDefault("10")
  int registrationsPerMinute();

  /** Token requests accepted per client address per minute. */
  @WithDefault("300")
  int tokenRequestsPerMinute();

  /** Most redirect URIs one client may register. */
  @WithDefault("5")
  int maxRedirectUris();
}
