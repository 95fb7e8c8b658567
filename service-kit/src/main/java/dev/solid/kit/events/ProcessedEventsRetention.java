package dev.solid.kit.events;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * Forgets applied event ids after {@code solid.events.processed-retention}, so the dedupe table
 * stays the size of a few weeks of traffic. Deletes in bounded batches (short statements, no long
 * locks); several replicas running it at once only share the work.
 */
@ApplicationScoped
public class ProcessedEventsRetention {
  private static final Logger LOG = Logger.getLogger(ProcessedEventsRetention.class);

  private final EventsConfig config;
  private final Instance<Pool> pool;

  public ProcessedEventsRetention(EventsConfig config, Instance<Pool> pool) {
    this.config = config;
    this.pool = pool;
  }

  @Scheduled(
      every = "${solid.events.cleanup-interval:1h}",
      delayed = "${solid.events.cleanup-delay:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    if (config.processedTable().isEmpty() || !pool.isResolvable()) {
      return Uni.createFrom().voidItem();
    }
    return deleteExpired()
        .invoke(n -> LOG.debugf("Forgot %d applied event ids", n))
        .onFailure()
        .invoke(e -> LOG.warnf("Dedupe retention failed, retried next round: %s", e.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Deletes every expired id, batch by batch; the number deleted. */
  public Uni<Long> deleteExpired() {
    String table = config.processedTable().orElseThrow();
    String sql =
        "DELETE FROM "
            + table
            + " WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM "
            + table
            + " WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2)";
    Tuple params =
        Tuple.of((double) config.processedRetention().toSeconds(), config.cleanupBatchSize());
    return batch(sql, params, 0L);
  }

  private Uni<Long> batch(String sql, Tuple params, long sofar) {
    return pool.get()
        .preparedQuery(sql)
        .execute(params)
        .chain(
            rows -> {
              long total = sofar + rows.rowCount();
              return rows.rowCount() < config.cleanupBatchSize()
                  ? Uni.createFrom().item(total)
                  : batch(sql, params, total);
            });
  }
}
