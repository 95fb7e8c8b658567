package dev.solid.webhooks.delivery;

import dev.solid.kit.crypto.TenantCipher;
import dev.solid.webhooks.config.WebhooksConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The sender. Pending deliveries live only in PostgreSQL: each round claims due ones with a lease
 * and sends them, so a killed dispatcher loses nothing (its leases expire and any replica picks the
 * rows up) and two replicas never hold the same attempt. Due retries are found by the scheduler's
 * poll every {@code solid.webhooks.delivery.poll-interval}; new deliveries do not wait for it:
 * {@link #wake()} starts a round at once. Rounds never overlap ({@link ClaimRounds}).
 */
@ApplicationScoped
public class DeliveryDispatcher {
  private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

  private final DeliveryClaims claims;
  private final DeliveryOutcomes outcomes;
  private final DeliverySender sender;
  private final RetryPolicy retries;
  private final TenantCipher cipher;
  private final WebhooksConfig config;
  private final Scheduler scheduler;
  // Per-process state of the sender, by design: in-flight limits are per replica, rounds and
  // outcome batches are this replica's own.
  private final InFlight inFlight;
  private final OutcomeBatcher batcher;
  private final ClaimRounds rounds;

  public DeliveryDispatcher(
      DeliveryClaims claims,
      DeliveryOutcomes outcomes,
      DeliverySender sender,
      RetryPolicy retries,
      TenantCipher cipher,
      WebhooksConfig config,
      Scheduler scheduler) {
    this.claims = claims;
    this.outcomes = outcomes;
    this.sender = sender;
    this.retries = retries;
    this.cipher = cipher;
    this.config = config;
    this.scheduler = scheduler;
    this.inFlight =
        new InFlight(config.delivery().maxInFlightPerEndpoint(), config.delivery().maxInFlight());
    this.batcher = new OutcomeBatcher(outcomes::recordOutcomes, config.delivery().maxInFlight());
    this.rounds = new ClaimRounds(this::claimRound);
  }

  /** Due retries (and anything a wake missed) are claimed at the poll interval. */
  @Scheduled(
      identity = "webhook-delivery-poll",
      every = "${solid.webhooks.delivery.poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> poll() {
    return rounds.request();
  }

  /**
   * Signals that deliveries may be due now (called after recording new ones, and when an attempt
   * frees a slot): a round starts at once, or runs again when one is running. Ignored once the
   * scheduler has stopped (shutdown).
   */
  public void wake() {
    if (scheduler.isRunning()) {
      rounds.request().subscribe().with(v -> {}, e -> {});
    }
  }

  /** Claims as many due deliveries as there are free slots; true when all free slots were used. */
  private Uni<Boolean> claimRound() {
    int free = inFlight.free();
    if (free == 0) {
      return Uni.createFrom().item(false);
    }
    InFlight.Busy busy = inFlight.busy();
    return claims
        .claimDue(
            free,
            config.delivery().maxInFlightPerEndpoint(),
            busy.endpoints(),
            busy.free(),
            config.delivery().lease())
        .map(
            claimed -> {
              dispatch(claimed);
              return claimed.size() == free && inFlight.free() > 0;
            });
  }

  private void dispatch(List<ClaimedDelivery> claimed) {
    for (ClaimedDelivery d : claimed) {
      if (!d.endpointEnabled()) {
        claims
            .failWithoutAttempt(d, "endpoint disabled")
            .subscribe()
            .with(v -> {}, e -> LOG.warnf("Could not fail delivery %d: %s", d.id(), e));
      } else if (inFlight.tryAcquire(d.endpointId())) {
        Uni.createFrom()
            .deferred(() -> attempt(d))
            .onTermination()
            .invoke(
                () -> {
                  inFlight.release(d.endpointId());
                  wake();
                })
            .subscribe()
            .with(v -> {}, e -> LOG.errorf(e, "Delivery %d attempt failed to record", d.id()));
      } else {
        // Claimed in the same batch as other rows of a now-full endpoint: hand it back.
        claims.release(d).subscribe().with(v -> {}, e -> {});
      }
    }
  }

  /**
   * The current secret then the active previous ones, decrypted; empty when any does not decrypt
   * (the encryption key was changed or lost). Such an attempt is not sent, since it could not be
   * signed, but it is recorded as a failed attempt and logged: otherwise the delivery would be
   * claimed again every lease period forever with nothing to show why.
   */
  private Optional<List<String>> signingSecrets(ClaimedDelivery d) {
    try {
      List<String> secrets = new ArrayList<>();
      secrets.add(open(d.secretEncrypted(), d.companyId()));
      for (byte[] previous : d.previousSecretsEncrypted()) {
        secrets.add(open(previous, d.companyId()));
      }
      return Optional.of(secrets);
    } catch (TenantCipher.UnreadableSecretException e) {
      LOG.errorf(
          "Delivery %d to endpoint %d not sent: its signing secret does not decrypt with"
              + " solid.webhooks.secret-encryption-key (was the key changed?): %s",
          d.id(), d.endpointId(), e.getMessage());
      return Optional.empty();
    }
  }

  private String open(byte[] sealed, long companyId) {
    return new String(cipher.open(sealed, companyId), StandardCharsets.UTF_8);
  }

  private static AttemptResult unreadableSecret() {
    return new AttemptResult(
        OffsetDateTime.now(ZoneOffset.UTC),
        null,
        0,
        null,
        "secret_unreadable: the endpoint's signing secret could not be decrypted with the"
            + " configured encryption key; not sent",
        null);
  }

  private Uni<Boolean> attempt(ClaimedDelivery d) {
    return signingSecrets(d)
        .map(
            secrets ->
                sender.send(
                    d.url(),
                    d.eventId(),
                    d.payload(),
                    secrets.get(0),
                    secrets.subList(1, secrets.size())))
        .orElseGet(() -> Uni.createFrom().item(unreadableSecret()))
        .chain(
            result -> {
              RetryPolicy.Decision decision =
                  retries.decide(
                      d.attemptCount() + 1, d.maxAttempts(), result.status(), result.retryAfter());
              var outcome = new DeliveryOutcomes.Outcome(d, result, decision);
              // Successes and scheduled retries are written in batches; an outcome that may
              // disable the endpoint (and write webhook.disabled to the outbox) goes alone.
              return outcome.mayDisableEndpoint()
                  ? outcomes.recordOutcome(d, result, decision, config.retry().disableAfter())
                  : batcher.submit(outcome);
            });
  }
}
