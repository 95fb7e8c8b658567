package dev.solid.messaging.sequence;

import static dev.solid.messaging.support.MessagingApi.key;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.post;
import static dev.solid.messaging.support.MessagingApi.sqlCount;
import static dev.solid.messaging.support.MessagingApi.telegramAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.infra.testing.TestTokens;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.config.MessagingConfig;
import dev.solid.messaging.contact.ContactRepository;
import dev.solid.messaging.message.MessageService;
import dev.solid.messaging.support.MessagingApi;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scheduler as replicas and across restarts, driven tick by tick: this profile turns the
 * service's own periodic scheduler off, so every tick here is one the test chose.
 */
@QuarkusTest
@TestProfile(SchedulerReplicasTest.ManualScheduler.class)
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class SchedulerReplicasTest {

  /** No periodic ticks: the test is the only scheduler. */
  public static class ManualScheduler implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("solid.messaging.scheduler.enabled", "false");
    }
  }

  private static final Duration TICK = Duration.ofSeconds(60);

  @Inject SequenceScheduler scheduler;
  @Inject Pool pool;
  @Inject SequenceRepository sequenceRepository;
  @Inject EnrollmentLeases leases;
  @Inject AccountRepository accounts;
  @Inject ContactRepository contacts;
  @Inject MessageService messages;
  @Inject SequenceService sequenceService;
  @Inject MessagingConfig config;

  /** A scheduler as a freshly started replica has it: nothing in memory from before. */
  private SequenceScheduler freshInstance() {
    return new SequenceScheduler(
        pool, sequenceRepository, leases, accounts, contacts, messages, sequenceService, config);
  }

  private record Company(long id, String key, long sequence) {}

  private static Company company(long secondDelay) throws Exception {
    long company = newCompany();
    String owner = TestTokens.owner(company, false, Set.of("manage:sequences"));
    String key = key(company, false);
    long account = telegramAccount(key, 1000); // 40 enrollments x 2 steps: above the default cap
    long sequence =
        post(
                owner,
                "/api/v1/sequences",
                "{\"name\":\"Replicas\",\"steps\":[{\"delay_seconds\":0,\"account_id\":"
                    + account
                    + ",\"template\":\"one\"},{\"delay_seconds\":"
                    + secondDelay
                    + ",\"account_id\":"
                    + account
                    + ",\"template\":\"two\"}]}")
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    return new Company(company, key, sequence);
  }

  /** Contacts straight into the projection (as crm's events would put them), then enrolled. */
  private static List<Long> enroll(Company c, int n) throws Exception {
    List<Long> enrollments = new ArrayList<>();
    try (Connection db = MessagingApi.jdbc();
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO messaging.contacts (company_id, livemode, id, username)"
                    + " VALUES (?, false, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        long contact = c.id() * 1000 + i;
        insert.setLong(1, c.id());
        insert.setLong(2, contact);
        insert.setString(3, "replica_" + c.id() + "_" + i);
        insert.executeUpdate();
        enrollments.add(
            post(
                    c.key(),
                    "/api/v1/sequences/" + c.sequence() + "/enroll",
                    "{\"contact_id\":" + contact + "}")
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id"));
      }
    }
    return enrollments;
  }

  private static int completed(Company c) throws Exception {
    return sqlCount(
        "SELECT 1 FROM messaging.enrollments WHERE company_id = ? AND status = 'completed'",
        c.id());
  }

  @Test
  void shouldSendEachStepExactlyOnceWhenTwoReplicasTickConcurrently() throws Exception {
    Company c = company(0);
    int n = 40;
    enroll(c, n);
    SequenceScheduler a = freshInstance();
    SequenceScheduler b = freshInstance();

    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> replicas = new ArrayList<>();
      for (String name : List.of("replica-a", "replica-b")) {
        SequenceScheduler replica = name.endsWith("a") ? a : b;
        replicas.add(
            threads.submit(
                () -> {
                  // Back-to-back ticks, as a busy replica's would be, until every step is out.
                  AtomicInteger claimed = new AtomicInteger();
                  await()
                      .atMost(Duration.ofSeconds(120))
                      .pollDelay(Duration.ZERO)
                      .pollInterval(Duration.ofMillis(1))
                      .until(
                          () -> {
                            claimed.addAndGet(replica.tick(name).await().atMost(TICK));
                            return completed(c) >= n;
                          });
                  return claimed.get();
                }));
      }
      for (Future<Integer> replica : replicas) {
        replica.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(completed(c)).isEqualTo(n);
    assertThat(
            sqlCount(
                "SELECT 1 FROM messaging.messages WHERE company_id = ? AND direction = 'outbound'",
                c.id()))
        .isEqualTo(2 * n);
    // Exactly one message per enrollment and step: no text twice for one enrollment.
    assertThat(
            sqlCount(
                "SELECT enrollment_id, text FROM messaging.messages WHERE company_id = ?"
                    + " GROUP BY enrollment_id, text HAVING count(*) <> 1",
                c.id()))
        .isZero();
  }

  @Test
  void shouldSendTheNextStepOnceAfterASchedulerDiesBetweenSteps() throws Exception {
    Company c = company(3600);
    long enrollment = enroll(c, 1).get(0);
    SequenceScheduler before = freshInstance();
    before.tick("replica-old").await().atMost(TICK);
    assertThat(
            sqlCount(
                "SELECT 1 FROM messaging.enrollments WHERE id = ? AND next_step = 1", enrollment))
        .isEqualTo(1);

    // The old replica claimed the now-due second step and died before sending it: only its lease
    // is left. Then the service restarts as a new instance.
    try (Connection db = MessagingApi.jdbc()) {
      db.createStatement()
          .executeUpdate(
              "UPDATE messaging.enrollments SET next_step_at = now() - interval '1 second',"
                  + " lease_owner = 'replica-old', lease_until = now() + interval '60 seconds'"
                  + " WHERE id = "
                  + enrollment);
    }
    SequenceScheduler after = freshInstance();
    assertThat(after.tick("replica-new").await().atMost(TICK)).as("the lease still holds").isZero();

    // The old replica's lease runs out (expired here rather than waited for).
    try (Connection db = MessagingApi.jdbc()) {
      db.createStatement()
          .executeUpdate(
              "UPDATE messaging.enrollments SET lease_until = now() - interval '1 second'"
                  + " WHERE id = "
                  + enrollment);
    }

    // The new instance ticks (paced as its poll interval would) until the step has gone out.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              after.tick("replica-new").await().atMost(TICK);
              return completed(c) > 0;
            });
    assertThat(completed(c)).isEqualTo(1);
    // Neither a late tick of the old instance nor another of the new one sends it again.
    before.tick("replica-old").await().atMost(TICK);
    after.tick("replica-new").await().atMost(TICK);
    assertThat(
            sqlCount(
                "SELECT text FROM messaging.messages WHERE company_id = ? AND enrollment_id = ?",
                c.id(),
                enrollment))
        .isEqualTo(2);
  }
}
