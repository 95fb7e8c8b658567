package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Lets scores drift down without events: every {@code decay.interval}, contacts whose engagement
 * still decays and whose score is older than {@code decay.refresh-after} ({@code
 * lead_score_refresh_at} is due) are recomputed, in batches. A batch is claimed with {@code FOR
 * UPDATE SKIP LOCKED} and a lease (the refresh time pushed out by {@code decay.lease}), so replicas
 * take different contacts and a dead worker's contacts come back after the lease; the rescoring
 * itself moves the refresh time on, or clears it once the engagement no longer counts. {@code
 * lead.scored} follows the same rule as everywhere (another band, or 5 points).
 */
@ApplicationScoped
public class DecayRefresher {
  private static final Logger LOG = Logger.getLogger(DecayRefresher.class);

  private final Pool pool;
  private final LeadScoreRepository contacts;
  private final StoredRulesRepository rules;
  private final LeadScoring scoring;
  private final ScoringConfig config;

  public DecayRefresher(
      Pool pool,
      LeadScoreRepository contacts,
      StoredRulesRepository rules,
      LeadScoring scoring,
      ScoringConfig config) {
    this.pool = pool;
    this.contacts = contacts;
    this.rules = rules;
    this.scoring = scoring;
    this.config = config;
  }

  @Scheduled(
      identity = "lead-score-decay",
      every = "${solid.crm.lead-scoring.decay.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduledRun() {
    return refresh()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf(
                  "Lead score decay run failed; its contacts come back after the lease: %s", e);
              return 0;
            })
        .replaceWithVoid();
  }

  /** Recomputes due scores, batch after batch; answers how many contacts it rescored. */
  public Uni<Integer> refresh() {
    return batches(config.decay().batchesPerRun(), 0);
  }

  private Uni<Integer> batches(int left, int doneSoFar) {
    if (left <= 0) {
      return Uni.createFrom().item(doneSoFar);
    }
    return claim()
        .chain(
            claimed ->
                claimed.isEmpty()
                    ? Uni.createFrom().item(doneSoFar)
                    : rescore(claimed).chain(() -> batches(left - 1, doneSoFar + count(claimed))));
  }

  private Uni<Map<Tenant, List<Long>>> claim() {
    return TenantSql.crossTenant(
            pool,
            "decay is due on contacts of every company",
            "UPDATE crm.contacts SET lead_score_refresh_at = now() + make_interval(secs => $1)"
                + " WHERE id IN (SELECT id FROM crm.contacts WHERE lead_score_refresh_at <= now()"
                + " ORDER BY lead_score_refresh_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, company_id, livemode",
            (double) config.decay().lease().toSeconds(),
            config.decay().batchSize())
        .map(
            rows -> {
              Map<Tenant, List<Long>> byTenant = new LinkedHashMap<>();
              rows.forEach(
                  row ->
                      byTenant
                          .computeIfAbsent(
                              new Tenant(row.getLong("company_id"), row.getBoolean("livemode")),
                              t -> new ArrayList<>())
                          .add(row.getLong("id")));
              return byTenant;
            });
  }

  private Uni<Void> rescore(Map<Tenant, List<Long>> claimed) {
    return Multi.createFrom()
        .iterable(claimed.entrySet())
        .onItem()
        .transformToUniAndConcatenate(
            entry ->
                Panache.withTransaction(
                    () ->
                        rules
                            .current(entry.getKey())
                            .chain(
                                current ->
                                    contacts
                                        .byIds(entry.getKey(), entry.getValue())
                                        .chain(
                                            batch ->
                                                scoring.rescore(entry.getKey(), batch, current)))))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private static int count(Map<Tenant, List<Long>> claimed) {
    return claimed.values().stream().mapToInt(List::size).sum();
  }
}
