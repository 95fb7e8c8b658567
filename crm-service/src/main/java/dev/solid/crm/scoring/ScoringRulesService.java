package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Reading and replacing a tenant's scoring rules. A change commits with a rescoring job (and
 * supersedes an unfinished older one); the job's worker ({@link RescoreWorker}) does the work in
 * the background, so the PUT answers at once.
 */
@ApplicationScoped
public class ScoringRulesService {
  private final StoredRulesRepository stored;
  private final RescoreJobRepository jobs;
  private final LeadScoreRepository contacts;

  public ScoringRulesService(
      StoredRulesRepository stored, RescoreJobRepository jobs, LeadScoreRepository contacts) {
    this.stored = stored;
    this.jobs = jobs;
    this.contacts = contacts;
  }

  @WithSession
  public Uni<RulesResponse> get(Tenant tenant) {
    return stored
        .forTenant(tenant, false)
        .map(
            row ->
                row == null
                    ? RulesResponse.of(ScoringRules.DEFAULTS, null, null)
                    : RulesResponse.of(row.toRules(), row.updatedAt(), null));
  }

  /**
   * Replaces the rules (the tenant's row is locked, so two changes apply one after the other) and
   * queues the rescoring of every contact. A first change of two requests at once may both try to
   * insert the row; the unique index stops one, and the caller runs it again.
   */
  @WithTransaction
  public Uni<RulesResponse> replace(Tenant tenant, RulesRequest body) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    ScoringRules next = RulesValidation.toRules(body, 0);
    return stored
        .forTenant(tenant, true)
        .chain(
            row -> {
              if (row != null) {
                row.replace(next, now);
                return stored.flush().replaceWith(row);
              }
              StoredRules created = new StoredRules();
              created.replace(next, now);
              return stored.persist(tenant, created);
            })
        .chain(
            row ->
                queueRescore(tenant, row.toRules().version(), now).map(job -> response(row, job)));
  }

  @WithSession
  public Uni<RescoreJobResponse> job(Tenant tenant, long id) {
    return jobs.findById(tenant, id)
        .map(
            job -> {
              if (job == null) {
                throw ApiException.notFound("Rescore job");
              }
              return job.toResponse();
            });
  }

  private Uni<RescoreJob> queueRescore(Tenant tenant, long version, Instant now) {
    return jobs.pending(tenant)
        .chain(
            pending ->
                Multi.createFrom()
                    .iterable(pending)
                    .invoke(job -> job.supersede(now))
                    .collect()
                    .last())
        .chain(() -> contacts.countAll(tenant))
        .chain(total -> jobs.persist(tenant, new RescoreJob(version, total.intValue(), now)));
  }

  private static RulesResponse response(StoredRules row, RescoreJob job) {
    return RulesResponse.of(row.toRules(), row.updatedAt(), job.toResponse());
  }
}
