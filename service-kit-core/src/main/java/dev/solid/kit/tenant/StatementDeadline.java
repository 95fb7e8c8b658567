package dev.solid.kit.tenant;

import dev.solid.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The deadline of one database statement issued through the kit. A PostgreSQL that is alive but
 * answers nothing (frozen, a network partition, a failover stall) would otherwise hold a request
 * until the client gives up; with it the request fails after {@code solid.db.statement-deadline}
 * (default 5 s) with 503 {@code service_unavailable} and {@code Retry-After}, which clients retry.
 * The statement itself may still complete in PostgreSQL; every write of the platform is idempotent
 * under a retry (idempotency keys, dedupe by event id, conditional claims).
 */
public final class StatementDeadline {
  // Read once: a deployment setting, not state. Tests and operators set it like any property.
  private static final Duration DEADLINE =
      ConfigProvider.getConfig()
          .getOptionalValue("solid.db.statement-deadline", Duration.class)
          .orElse(Duration.ofSeconds(5));

  private StatementDeadline() {}

  /** {@code statement}, failing with a 503 when PostgreSQL has not answered in time. */
  public static <T> Uni<T> bounded(Uni<T> statement) {
    return statement
        .ifNoItem()
        .after(DEADLINE)
        .failWith(
            () ->
                ApiException.unavailable("The database did not answer in time; retry shortly", 2));
  }

  static Duration deadline() {
    return DEADLINE;
  }
}
