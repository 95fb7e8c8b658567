package dev.solid.messaging.sequence;

import dev.solid.common.caller.RequestIds;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.event.EventTypes;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.config.MessagingConfig;
import dev.solid.messaging.contact.ContactRepository;
import dev.solid.messaging.message.MessageService;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends due sequence steps. All state is in PostgreSQL ({@code next_step_at}), so a restart loses
 * nothing and any number of replicas can run this.
 *
 * <p>Two phases. Claim: due active enrollments are leased to this instance ({@link
 * EnrollmentLeases#claimDue}: {@code FOR UPDATE SKIP LOCKED}, owner + expiry) in a short
 * transaction. Step: for each claimed enrollment, one transaction checks the lease is still ours
 * and the enrollment still active, queues the message (template, cap, outbox) and advances the
 * enrollment. A replica that dies between the phases leaves a lease that expires, after which
 * another replica claims the row; since queuing and advancing commit together, a step is never
 * queued twice. Pause clears the lease, so a paused enrollment sends nothing even if it was claimed
 * just before.
 *
 * <p>Ticks come from quarkus-scheduler every {@code solid.messaging.scheduler.poll-interval}; a
 * tick still running when the next is due makes that one skip (one tick at a time per instance),
 * and {@code solid.messaging.scheduler.enabled=false} skips them all.
 */
@ApplicationScoped
public class SequenceScheduler {
  private static final Logger LOG = Logger.getLogger(SequenceScheduler.class);

  private final Pool pool;
  private final SequenceRepository sequences;
  private final EnrollmentLeases leases;
  private final AccountRepository accounts;
  private final ContactRepository contacts;
  private final MessageService messages;
  private final SequenceService service;
  private final MessagingConfig config;
  private final String owner = "scheduler-" + RequestIds.ulid();

  public SequenceScheduler(
      Pool pool,
      SequenceRepository sequences,
      EnrollmentLeases leases,
      AccountRepository accounts,
      ContactRepository contacts,
      MessageService messages,
      SequenceService service,
      MessagingConfig config) {
    this.pool = pool;
    this.sequences = sequences;
    this.leases = leases;
    this.accounts = accounts;
    this.contacts = contacts;
    this.messages = messages;
    this.service = service;
    this.config = config;
  }

  /** Skips every tick while {@code solid.messaging.scheduler.enabled} is false. */
  @Singleton
  public static class Disabled implements Scheduled.SkipPredicate {
    private final MessagingConfig config;

    public Disabled(MessagingConfig config) {
      this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
      return !config.scheduler().enabled();
    }
  }

  @Scheduled(
      identity = "sequence-scheduler",
      every = "${solid.messaging.scheduler.poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Disabled.class)
  Uni<Void> poll() {
    return tick(owner)
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("Sequence scheduler tick failed: %s", e.getMessage());
              return 0;
            })
        .replaceWithVoid();
  }

  /** One round as the given scheduler instance: claims due enrollments and sends their steps. */
  public Uni<Integer> tick(String instance) {
    MessagingConfig.Scheduler scheduler = config.scheduler();
    return pool.withTransaction(
            db -> leases.claimDue(db, instance, scheduler.lease(), scheduler.batchSize()))
        .chain(
            claimed ->
                Multi.createFrom()
                    .iterable(claimed)
                    .onItem()
                    .transformToUniAndConcatenate(
                        c ->
                            step(c.tenant(), c.id(), instance)
                                .onFailure()
                                .invoke(
                                    e ->
                                        LOG.warnf(
                                            "Step of enrollment %d failed: %s",
                                            c.id(), e.getMessage()))
                                .onFailure()
                                .recoverWithNull())
                    .collect()
                    .asList()
                    .map(List::size));
  }

  private Uni<Void> step(Tenant tenant, long enrollmentId, String instance) {
    return pool.withTransaction(
        db ->
            sequences
                .findEnrollment(db, tenant, enrollmentId, true)
                .chain(
                    enrollment -> {
                      if (enrollment == null || !"active".equals(enrollment.status())) {
                        return Uni.createFrom().voidItem();
                      }
                      return leases
                          .holds(db, tenant, enrollmentId, instance)
                          .chain(
                              held ->
                                  held
                                      ? sequences
                                          .find(db, tenant, enrollment.sequenceId())
                                          .chain(
                                              seq -> runStep(db, tenant, instance, enrollment, seq))
                                      // Our lease expired and another instance has it.
                                      : Uni.createFrom().voidItem());
                    }));
  }

  /** Sends the enrollment's current step (we hold its lease and it is active). */
  private Uni<Void> runStep(
      SqlClient db,
      Tenant tenant,
      String instance,
      EnrollmentResponse enrollment,
      SequenceResponse seq) {
    long enrollmentId = enrollment.id();
    int index = enrollment.nextStep();
    if (index >= seq.steps().size()) {
      // The owner shortened the sequence past this enrollment's position: there is nothing left
      // to send, so it is done. Without this, get(index) threw, the transaction rolled back, and
      // the enrollment was re-claimed every lease forever.
      return sequences
          .complete(db, tenant, enrollmentId, instance)
          .chain(done -> completed(db, tenant, done));
    }
    StepRequest step = seq.steps().get(index);
    Long nextDelay =
        index + 1 < seq.steps().size() ? seq.steps().get(index + 1).delaySeconds() : null;
    return contacts
        .find(db, tenant, enrollment.contactId())
        .chain(
            contact ->
                accounts
                    .find(db, tenant, step.accountId())
                    .chain(
                        account -> {
                          if (contact == null) {
                            return stop(db, tenant, enrollmentId, "contact_deleted");
                          }
                          if (account == null) {
                            return stop(db, tenant, enrollmentId, "account_deleted");
                          }
                          boolean sms = Account.SMS.equals(account.channel());
                          String to = contact.address(sms);
                          if (to == null) {
                            return stop(
                                db,
                                tenant,
                                enrollmentId,
                                "contact_has_no_" + (sms ? "phone" : "username"));
                          }
                          // The enrolled contact, passed explicitly: looking it up again by
                          // address could pick another contact sharing the phone or username.
                          return messages
                              .submitTo(db, account, contact, to, step.template(), enrollmentId)
                              .chain(
                                  sent ->
                                      sequences.advance(
                                          db, tenant, enrollmentId, instance, nextDelay))
                              .chain(advanced -> completed(db, tenant, advanced))
                              .onFailure(ApiException.class)
                              .recoverWithUni(
                                  e -> {
                                    ApiException api = (ApiException) e;
                                    if (api.status() == 429) {
                                      // Daily cap: the same step again after the reset.
                                      return sequences.postpone(
                                          db,
                                          tenant,
                                          enrollmentId,
                                          instance,
                                          OffsetDateTime.ofInstant(
                                              MessageService.resetsAt(), ZoneOffset.UTC));
                                    }
                                    return stop(
                                        db,
                                        tenant,
                                        enrollmentId,
                                        "invalid_step: " + api.getMessage());
                                  });
                        }));
  }

  private Uni<Void> completed(SqlClient db, Tenant tenant, EnrollmentResponse enrollment) {
    return enrollment != null && "completed".equals(enrollment.status())
        ? service.emit(db, tenant, EventTypes.SEQUENCE_COMPLETED, enrollment)
        : Uni.createFrom().voidItem();
  }

  private Uni<Void> stop(SqlClient db, Tenant tenant, long id, String reason) {
    return sequences
        .stop(db, tenant, id, reason)
        .chain(stopped -> service.emit(db, tenant, EventTypes.SEQUENCE_STOPPED, stopped));
  }
}
