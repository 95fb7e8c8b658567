package dev.solid.webhooks.delivery;

import dev.solid.webhooks.config.WebhooksConfig;
import dev.solid.webhooks.security.SecretCipher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The sender loop. Pending deliveries live only in PostgreSQL: the loop claims due ones with a
 * lease and sends them, so a killed dispatcher loses nothing (its leases expire and any replica
 * picks the rows up) and two replicas never hold the same attempt. New deliveries wake the loop at
 * once through {@link #wake()}; due retries are found by polling at a short interval.
 */
@ApplicationScoped
public class DeliveryDispatcher {
  private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

  private final DeliveryRepository deliveries;
  private final DeliverySender sender;
  private final RetryPolicy retries;
  private final SecretCipher cipher;
  private final WebhooksConfig config;
  private final Vertx vertx;
  private final InFlight inFlight;
  private final OutcomeBatcher outcomes;
  // Loop state: one claim at a time; a wake during a claim triggers another right after it.
  private final AtomicBoolean claiming = new AtomicBoolean();
  private final AtomicBoolean wakeRequested = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong timer = new AtomicLong(-1);

  public DeliveryDispatcher(
      DeliveryRepository deliveries,
      DeliverySender sender,
      RetryPolicy retries,
      SecretCipher cipher,
      WebhooksConfig config,
      Vertx vertx) {
    this.deliveries = deliveries;
    this.sender = sender;
    this.retries = retries;
    this.cipher = cipher;
    this.config = config;
    this.vertx = vertx;
    this.inFlight =
        new InFlight(config.delivery().maxInFlightPerEndpoint(), config.delivery().maxInFlight());
    this.outcomes = new OutcomeBatcher(deliveries::recordOutcomes, config.delivery().maxInFlight());
  }

  void start(@Observes StartupEvent event) {
    running.set(true);
    timer.set(vertx.setPeriodic(config.delivery().pollInterval().toMillis(), id -> claimAndSend()));
  }

  void stop(@Observes ShutdownEvent event) {
    running.set(false);
    vertx.cancelTimer(timer.get());
  }

  /** Signals that deliveries may be due now (called after recording new ones). */
  public void wake() {
    if (running.get()) {
      vertx.runOnContext(v -> claimAndSend());
    }
  }

  void claimAndSend() {
    if (!running.get()) {
      return;
    }
    if (!claiming.compareAndSet(false, true)) {
      wakeRequested.set(true);
      return;
    }
    wakeRequested.set(false);
    int free = inFlight.free();
    if (free == 0) {
      claiming.set(false);
      return;
    }
    InFlight.Busy busy = inFlight.busy();
    deliveries
        .claimDue(
            free,
            config.delivery().maxInFlightPerEndpoint(),
            busy.endpoints(),
            busy.free(),
            config.delivery().lease())
        .subscribe()
        .with(
            claimed -> {
              dispatch(claimed);
              claiming.set(false);
              if (wakeRequested.get() || (claimed.size() == free && inFlight.free() > 0)) {
                claimAndSend();
              }
            },
            failure -> {
              claiming.set(false);
              LOG.warnf("Claiming due deliveries failed: %s", failure.getMessage());
            });
  }

  private void dispatch(List<ClaimedDelivery> claimed) {
    for (ClaimedDelivery d : claimed) {
      if (!d.endpointEnabled()) {
        deliveries
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
        deliveries.release(d).subscribe().with(v -> {}, e -> {});
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
      secrets.add(cipher.decrypt(d.secretEncrypted(), d.companyId()));
      for (byte[] previous : d.previousSecretsEncrypted()) {
        secrets.add(cipher.decrypt(previous, d.companyId()));
      }
      return Optional.of(secrets);
    } catch (SecretCipher.UnreadableSecretException e) {
      LOG.errorf(
          "Delivery %d to endpoint %d not sent: its signing secret does not decrypt with"
              + " solid.webhooks.secret-encryption-key (was the key changed?): %s",
          d.id(), d.endpointId(), e.getMessage());
      return Optional.empty();
    }
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
              var outcome = new DeliveryRepository.Outcome(d, result, decision);
              // Successes and scheduled retries are written in batches; an outcome that may
              // disable the endpoint (and write webhook.disabled to the outbox) goes alone.
              return outcome.mayDisableEndpoint()
                  ? deliveries.recordOutcome(d, result, decision, config.retry().disableAfter())
                  : outcomes.submit(outcome);
            });
  }
}
