package dev.solid.webhooks.delivery;

import dev.solid.webhooks.config.WebhooksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What happens after an attempt. The schedule (default {@code 0s,5m,1h,6h,17h}: at once, then +5
 * min, +1 h, +6 h, +17 h after the previous attempt, 5 attempts over about 24 h) follows common
 * practice: quick retries catch blips and deploys, the long tail rides out an outage of a day. Each
 * delay gets ±jitter so a recovering receiver is not hit by every retry at once. A Retry-After on
 * 429/503 (seconds or HTTP-date, parsed by DeliverySender) is honoured up to {@code
 * retry.max-retry-after}: the next attempt waits at least that long (never less than the schedule).
 * The bound exists so one receiver cannot park a delivery for days and so the attempt count keeps
 * its meaning of "about 24 h"; a receiver asking for more is retried at the bound. A 410 Gone stops
 * retrying and disables the endpoint.
 */
@ApplicationScoped
public class RetryPolicy {
  private final List<Duration> schedule;
  private final double jitter;
  private final Duration maxRetryAfter;

  @Inject
  public RetryPolicy(WebhooksConfig config) {
    this(config.retry().schedule(), config.retry().jitter(), config.retry().maxRetryAfter());
  }

  RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter) {
    this.schedule = List.copyOf(schedule);
    this.jitter = jitter;
    this.maxRetryAfter = maxRetryAfter;
  }

  /** Attempts a new delivery gets. */
  public int maxAttempts() {
    return schedule.size();
  }

  /** Delay before the first attempt. */
  public Duration firstDelay() {
    return schedule.get(0);
  }

  /** The decision after attempt number {@code attempt} (1-based) of {@code maxAttempts}. */
  public Decision decide(int attempt, int maxAttempts, Integer status, Duration retryAfter) {
    if (status != null && status >= 200 && status < 300) {
      return Decision.delivered();
    }
    if (status != null && status == 410) {
      return Decision.gone();
    }
    if (attempt >= maxAttempts) {
      return Decision.failed();
    }
    Duration base = schedule.get(Math.min(attempt, schedule.size() - 1));
    Duration delay = withJitter(base);
    if (retryAfter != null && status != null && (status == 429 || status == 503)) {
      Duration bounded = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
      if (bounded.compareTo(delay) > 0) {
        delay = bounded;
      }
    }
    return Decision.retryAfter(delay);
  }

  Duration withJitter(Duration base) {
    if (jitter <= 0 || base.isZero()) {
      return base;
    }
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
    return Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * factor)));
  }

  /** The outcome: delivered, retry after a delay, failed for good, or gone (410). */
  public record Decision(String status, Duration retryIn, boolean disableEndpoint) {
    static Decision delivered() {
      return new Decision(DeliveryStatus.DELIVERED, null, false);
    }

    static Decision failed() {
      return new Decision(DeliveryStatus.FAILED, null, false);
    }

    static Decision gone() {
      return new Decision(DeliveryStatus.FAILED, null, true);
    }

    static Decision retryAfter(Duration delay) {
      return new Decision(DeliveryStatus.PENDING, delay, false);
    }
  }
}
