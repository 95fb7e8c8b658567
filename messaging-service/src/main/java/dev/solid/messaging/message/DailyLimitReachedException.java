package dev.solid.messaging.message;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * 429 {@code account_daily_limit_reached}: the send would exceed the account's daily cap. Besides
 * the usual problem body (whose {@code details} keep {@code resets_at} for existing clients) it is
 * answered with a top-level {@code resets_at} and a {@code Retry-After} header.
 */
public class DailyLimitReachedException extends ApiException {
  private final Instant resetsAt;

  public DailyLimitReachedException(long accountId, int dailyCap, Instant resetsAt) {
    super(
        ErrorCode.ACCOUNT_DAILY_LIMIT_REACHED,
        "Account "
            + accountId
            + " reached its daily cap of "
            + dailyCap
            + " messages; it resets at "
            + resetsAt,
        List.of(new ProblemDetail("resets_at", "daily_limit_reached", resetsAt.toString())));
    this.resetsAt = resetsAt;
    member("resets_at", resetsAt);
    retryAfter(Duration.between(Instant.now(), resetsAt).toSeconds());
  }

  public Instant resetsAt() {
    return resetsAt;
  }
}
