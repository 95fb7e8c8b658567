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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends due sequence steps. All state is in PostgreSQL ({@code next_step_at}), so a restart loses
 * nothing and any number of replicas can run this.
 *
 * <p>Two phases. Claim: due active enrollments are taken with {@code FOR UPDATE SKIP LOCKED} (two
 * replicas never claim the same row, and neither waits on the other) and stamped with a lease
 * (owner + expiry) in a short transaction. Step: for each claimed enrollment, one transaction
 * checks the lease is still ours and the enrollment still active, queues the message (template,
 * cap, outbox) and advances the enrollment. A replica that dies between the phases leaves a lease
 * that expires, after which another replica claims the row; since queuing and advancing commit
 * together, a step is never queued twice. Pause clears the lease, so a paused enrollment sends
 * nothing even if it was claimed just before.
 */
@ApplicationScoped
public class SequenceScheduler {
  private static final Logger LOG = Logger.getLogger(SequenceScheduler.class);

  private final Pool pool;
  private final SequenceRepository sequences;
  private final AccountRepository accounts;
  private final ContactRepository contacts;
  private final MessageService messages;
  private final SequenceService service;
  private final MessagingConfig config;
  private final Vertx vertx;
  private final String owner = "scheduler-" + RequestIds.ulid();
  // Skips a tick while the previous one is still running (one tick at a time per instance).
  private final AtomicBoolean ticking = new AtomicBoolean();

  public SequenceScheduler(
      Pool pool,
      SequenceRepository sequences,
      AccountRepository accounts,
      ContactRepository contacts,
      MessageService messages,
      SequenceService service,
      MessagingConfig config,
      Vertx vertx) {
    this.pool = pool;
    this.sequences = sequences;
    this.accounts = accounts;
    this.contacts = contacts;
    this.messages = messages;
    this.service = service;
    this.config = config;
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent event) {
    if (config.scheduler().enabled()) {
      vertx.setPeriodic(
          config.scheduler().pollInterval().toMillis(),
          id -> {
            if (ticking.compareAndSet(false, true)) {
              tick(owner)
                  .onTermination()
                  .invoke(() -> ticking.set(false))
                  .subscribe()
                  .with(
                      n -> {},
                      e -> LOG.warnf("Sequence scheduler tick failed: %s", e.getMessage()));
            }
          });
    }
  }

  void stop(@Observes ShutdownEvent event) {
    ticking.set(true); // no new tick starts while shutting down
  }

  /** One round as the given scheduler instance: claims due enrollments and sends their steps. */
  public Uni<Integer> tick(String instance) {
    // Cross-tenant by design: the scheduler serves every company; each step then runs
    // tenant-scoped.
    return pool.withTransaction(
            db ->
                db.preparedQuery(
                        "UPDATE messaging.enrollments SET lease_owner = $1,"
                            + " lease_until = now() + make_interval(secs => $2) WHERE id IN ("
                            + " SELECT id FROM messaging.enrollments WHERE status = 'active'"
                            + " AND next_step_at <= now() AND (lease_until IS NULL OR lease_until < now())"
                            + " ORDER BY next_step_at LIMIT $3 FOR UPDATE SKIP LOCKED)"
                            + " RETURNING id, company_id, livemode")
                    .execute(
                        Tuple.of(
                            instance,
                            (double) config.scheduler().lease().toSeconds(),
                            config.scheduler().batchSize())))
        .chain(
            rows -> {
              List<Row> claimed = new ArrayList<>();
              rows.forEach(claimed::add);
              return Multi.createFrom()
                  .iterable(claimed)
                  .onItem()
                  .transformToUniAndConcatenate(
                      row ->
                          step(SequenceRepository.tenant(row), row.getLong("id"), instance)
                              .onFailure()
                              .invoke(
                                  e ->
                                      LOG.warnf(
                                          "Step of enrollment %d failed: %s",
                                          row.getLong("id"), e.getMessage()))
                              .onFailure()
                              .recoverWithNull())
                  .collect()
                  .asList()
                  .map(List::size);
            });
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
                      return db.preparedQuery(
                              "SELECT lease_owner FROM messaging.enrollments WHERE id = $1")
                          .execute(Tuple.of(enrollmentId))
                          .chain(
                              lease ->
                                  instance.equals(lease.iterator().next().getString(0))
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
