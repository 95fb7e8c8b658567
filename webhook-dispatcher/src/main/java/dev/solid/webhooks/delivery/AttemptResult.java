package dev.solid.webhooks.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;

/** What one HTTP attempt produced: a status (null when no response) or an error. */
public record AttemptResult(
    OffsetDateTime attemptedAt,
    Integer status,
    long latencyMs,
    String responseExcerpt,
    String error,
    Duration retryAfter) {

  public boolean succeeded() {
    return status != null && status >= 200 && status < 300;
  }
}
