package dev.solid.gateway.ratelimit;

import io.vertx.core.http.HttpServerResponse;

/** The outcome of one rate-limit check, and the headers every response carries because of it. */
public record RateLimitDecision(boolean allowed, int limit, int remaining, int resetSeconds) {

  public void writeHeaders(HttpServerResponse response) {
    response.putHeader("X-RateLimit-Limit", Integer.toString(limit));
    response.putHeader("X-RateLimit-Remaining", Integer.toString(remaining));
    response.putHeader("X-RateLimit-Reset", Integer.toString(resetSeconds));
    if (!allowed) {
      response.putHeader("Retry-After", Integer.toString(resetSeconds));
    }
  }
}
