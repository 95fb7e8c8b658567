package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs rescoring jobs in the background. Every {@code rescore.interval} a worker claims the oldest
 * pending job whose lease is free ({@code FOR UPDATE SKIP LOCKED}, then a lease, so replicas take
 * different jobs and a dead worker's job is taken over when its lease ends), then rescores its
 * contacts in keyset batches of {@code batch-size}: each batch is one short transaction that scores
 * the contacts, sends their {@code lead.scored} events and moves the job's cursor, so a restart
 * resumes after the last committed batch and API requests never wait on a long transaction. A job
 * that is not done after {@code batches-per-run} batches is handed back to the next tick.
 */
@ApplicationScoped
public class RescoreWorker {
  private static final Logger LOG = Logger.getLogger(RescoreWorker.class);

  private final Pool pool;
  private final RescoreJobRepository jobs;
  private final LeadScoreRepository contacts;
  private final StoredRulesRepository rules;
  private final LeadScoring scoring;
  private final ScoringConfig config;

  public RescoreWorker(
      Pool pool,
      RescoreJobRepository jobs,
      LeadScoreRepository contacts,
      StoredRulesRepository rules,
      LeadScoring scoring,
      ScoringConfig config) {
    this.pool = pool;
    this.jobs = jobs;
    this.contacts = contacts;
    this.rules = rules;
    this.scoring = scoring;
    this.config = config;
  }

  @Scheduled(
      identity = "lead-rescore-jobs",
      every = "${solid.crm.lead-scoring.rescore.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduledRun() {
    return runOnce()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("Rescoring run failed, the job resumes at its cursor: %s", e.toString());
              return false;
            })
        .replaceWithVoid();
  }

  /** Claims one job and works on it; false when none was pending. */
  public Uni<Boolean> runOnce() {
    return claim()
        .chain(
            claimed ->
                claimed == null
                    ? Uni.createFrom().item(false)
                    : work(claimed, config.rescore().batchesPerRun()).replaceWith(true));
  }

  private record Claimed(long id, Tenant tenant) {}

  private Uni<Claimed> claim() {
    return TenantSql.crossTenant(
            pool,
            "the worker takes the oldest pending job of any company",
            "UPDATE crm.lead_rescore_jobs SET status = 'running',"
                + " lease_until = now() + make_interval(secs => $1), updated_at = now()"
                + " WHERE id = (SELECT id FROM crm.lead_rescore_jobs"
                + " WHERE status IN ('queued', 'running')"
                + " AND (lease_until IS NULL OR lease_until < now())"
                + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, company_id, livemode",
            (double) config.rescore().lease().toSeconds())
        .map(
            rows ->
                TenantSql.firstOf(
                    rows,
                    row ->
                        new Claimed(
                            row.getLong("id"),
                            new Tenant(row.getLong("company_id"), row.getBoolean("livemode")))));
  }

  private Uni<Void> work(Claimed claimed, int batchesLeft) {
    boolean last = batchesLeft <= 1;
    return Panache.withTransaction(() -> batch(claimed, last))
        .chain(
            finished ->
                finished || last ? Uni.createFrom().voidItem() : work(claimed, batchesLeft - 1));
  }

  /** One batch in the caller's transaction; true when the job has nothing left to do. */
  private Uni<Boolean> batch(Claimed claimed, boolean last) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    int size = config.rescore().batchSize();
    return jobs.findByIdForUpdate(claimed.tenant(), claimed.id())
        .chain(
            job -> {
              if (job == null || !job.pending()) {
                return Uni.createFrom().item(true); // superseded by a newer change meanwhile
              }
              return rules
                  .current(claimed.tenant())
                  .chain(
                      current ->
                          contacts
                              .batchAfter(claimed.tenant(), job.cursor(), size)
                              .chain(
                                  batch ->
                                      scoring
                                          .rescore(claimed.tenant(), batch, current)
                                          .map(
                                              outcome -> {
                                                boolean finished = batch.size() < size;
                                                job.advance(
                                                    outcome.scored(),
                                                    outcome.changed(),
                                                    outcome.announced(),
                                                    lastId(batch),
                                                    finished,
                                                    now,
                                                    last
                                                        ? null
                                                        : now.plus(config.rescore().lease()));
                                                return finished;
                                              })));
            });
  }

  private static Long lastId(List<LeadScore> batch) {
    return batch.isEmpty() ? null : batch.get(batch.size() - 1).getId();
  }
}
