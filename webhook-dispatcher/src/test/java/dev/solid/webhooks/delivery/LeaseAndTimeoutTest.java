package dev.solid.webhooks.delivery;

import static dev.solid.webhooks.Support.deliveryDetail;
import static dev.solid.webhooks.Support.newCompany;
import static dev.solid.webhooks.Support.newEventId;
import static dev.solid.webhooks.Support.sendTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.solid.common.caller.Tenant;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.webhooks.Receiver;
import dev.solid.webhooks.Receiver.Answer;
import dev.solid.webhooks.Support;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Claims and leases as two replicas see them, and the delivery timeout. The dispatcher here is
 * quiet: it polls once an hour and consumes an unused topic, so only this test claims the rows it
 * creates (a /test call still wakes it for one claim).
 */
@QuarkusTest
@TestProfile(LeaseAndTimeoutTest.QuietDispatcher.class)
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
// The timeout test runs last: the wake after its attempt must not meet the other tests' rows.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaseAndTimeoutTest {
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Long[] NO_BUSY = new Long[0];
  private static final Integer[] NO_FREE = new Integer[0];
  private static final AttemptResult OK =
      new AttemptResult(OffsetDateTime.now(ZoneOffset.UTC), 200, 5, "ok", null, null);
  private static final RetryPolicy.Decision DELIVERED = RetryPolicy.Decision.delivered();

  public static class QuietDispatcher implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "solid.webhooks.delivery.poll-interval", "1h",
          "solid.webhooks.delivery.timeout", "1s",
          "mp.messaging.incoming.domain-events.topics", "solid.test.quiet.v1");
    }
  }

  @Inject DeliveryClaims claims;
  @Inject DeliveryOutcomes outcomes;
  @Inject DeliveryRepository deliveries;

  @Test
  void shouldGiveTwoReplicasClaimingConcurrentlyDisjointDeliveriesCoveringAllDue()
      throws Exception {
    int n = 60;
    long company = newCompany();
    long endpoint;
    try (Connection db = Support.db()) {
      endpoint = insertEndpoint(db, company);
      for (int i = 0; i < n; i++) {
        insertDue(db, company, endpoint);
      }
    }
    try {
      Set<Long> first = new HashSet<>();
      Set<Long> second = new HashSet<>();
      // Two replicas claim at the same time, again until nothing is left.
      for (int round = 0; round < 10; round++) {
        CompletableFuture<List<ClaimedDelivery>> a = claim(n / 2);
        CompletableFuture<List<ClaimedDelivery>> b = claim(n / 2);
        List<ClaimedDelivery> gotA = a.get();
        List<ClaimedDelivery> gotB = b.get();
        for (ClaimedDelivery d : gotA) {
          assertThat(first.add(d.id())).as("claimed twice by one replica").isTrue();
        }
        for (ClaimedDelivery d : gotB) {
          assertThat(second.add(d.id())).as("claimed twice by one replica").isTrue();
        }
        if (gotA.isEmpty() && gotB.isEmpty()) {
          break;
        }
      }
      assertThat(first).doesNotContainAnyElementsOf(second);
      Set<Long> all = new HashSet<>(first);
      all.addAll(second);
      assertThat(all).hasSize(n);
    } finally {
      deleteEndpoint(endpoint);
    }
  }

  @Test
  void shouldRefuseAnOutcomeWrittenAfterTheLeaseWasLost() throws Exception {
    long company = newCompany();
    long endpoint = endpointWithOneDue(company);
    try {
      ClaimedDelivery stale = claim(10).get().get(0);
      // The first replica stalls past its lease; another replica claims the delivery.
      expireLease(stale.id());
      ClaimedDelivery current = claim(10).get().get(0);
      assertThat(current.id()).isEqualTo(stale.id());
      assertThat(current.leaseToken()).isNotEqualTo(stale.leaseToken());

      assertThat(recordAlone(stale, OK, DELIVERED)).isFalse();
      assertThat(recordInBatch(stale, OK, DELIVERED)).isEmpty();
      assertThat(attempts(stale.id())).isZero();

      assertThat(recordInBatch(current, OK, DELIVERED)).containsExactly(current.id());
      assertThat(attempts(stale.id())).isEqualTo(1);
    } finally {
      deleteEndpoint(endpoint);
    }
  }

  @Test
  void shouldSendAReplayAskedForWhileClaimedThenHandedBackExactlyOnce() throws Exception {
    long company = newCompany();
    long endpoint = endpointWithOneDue(company);
    try {
      ClaimedDelivery handedBack = claimOne(endpoint);
      // The replay comes while the lease is live; then the dispatcher hands the row back without
      // an attempt (its endpoint had no free slot after all).
      replay(company, endpoint, handedBack.id());
      claims.release(handedBack).await().indefinitely();

      ClaimedDelivery replayed = claimOne(endpoint);
      assertThat(replayed.id()).isEqualTo(handedBack.id());
      assertThat(replayed.manual()).isTrue();
      assertThat(recordInBatch(replayed, OK, DELIVERED)).containsExactly(replayed.id());
      assertThat(status(replayed.id())).isEqualTo("delivered");
      assertNothingMoreToSend(replayed.id());
      assertThat(attempts(replayed.id())).isEqualTo(1);
    } finally {
      deleteEndpoint(endpoint);
    }
  }

  @Test
  void shouldSendAReplayAskedForUnderALostLeaseExactlyOnce() throws Exception {
    long company = newCompany();
    long endpoint = endpointWithOneDue(company);
    try {
      ClaimedDelivery stale = claimOne(endpoint);
      replay(company, endpoint, stale.id());
      // The first replica stalls past its lease; another one claims the delivery: its attempt is
      // the replay.
      expireLease(stale.id());
      ClaimedDelivery current = claimOne(endpoint);
      assertThat(current.manual()).isTrue();
      assertThat(recordAlone(stale, OK, DELIVERED)).isFalse();
      assertThat(recordAlone(current, OK, DELIVERED)).isTrue();
      assertThat(status(current.id())).isEqualTo("delivered");
      assertNothingMoreToSend(current.id());
    } finally {
      deleteEndpoint(endpoint);
    }
  }

  @Test
  void shouldSendAReplayAskedForDuringAnAttemptOnceMoreAfterIt() throws Exception {
    long company = newCompany();
    long endpoint = endpointWithOneDue(company);
    try {
      ClaimedDelivery inFlight = claimOne(endpoint);
      replay(company, endpoint, inFlight.id());
      // The attempt in flight is logged, and the delivery stays pending for the replay.
      assertThat(recordInBatch(inFlight, OK, DELIVERED)).containsExactly(inFlight.id());
      assertThat(status(inFlight.id())).isEqualTo("pending");
      ClaimedDelivery replayed = claimOne(endpoint);
      assertThat(replayed.manual()).isTrue();
      assertThat(recordInBatch(replayed, OK, DELIVERED)).containsExactly(replayed.id());
      assertThat(status(replayed.id())).isEqualTo("delivered");
      assertNothingMoreToSend(replayed.id());
      assertThat(attempts(replayed.id())).isEqualTo(2);
    } finally {
      deleteEndpoint(endpoint);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)
  void shouldSendANewDeliveryAtOnceWithoutWaitingForThePoll() {
    long company = newCompany();
    // The poll is an hour away here: only the wake-up that follows a new delivery can send it.
    try (Receiver receiver = Receiver.ok()) {
      long endpoint =
          ((Number) Support.createEndpoint(company, receiver.url(), List.of("*")).get("id"))
              .longValue();
      long delivery = sendTest(company, endpoint);
      await("the test event is delivered")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  "delivered"
                      .equals(deliveryDetail(company, endpoint, delivery).getString("status")));
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void shouldFailAnAttemptThatOutlastsTheConfiguredTimeout() {
    long company = newCompany();
    // Answered only when the receiver closes: never within the 1 s timeout, however slow the
    // machine.
    try (Receiver slow = Receiver.answering(n -> Answer.heldUntilReleased(200))) {
      long endpoint =
          ((Number) Support.createEndpoint(company, slow.url(), List.of("*")).get("id"))
              .longValue();
      long delivery = sendTest(company, endpoint);
      await("the attempt is logged")
          .atMost(Duration.ofSeconds(30))
          .until(() -> deliveryDetail(company, endpoint, delivery).getInt("attempt_count") == 1);
      JsonPath d = deliveryDetail(company, endpoint, delivery);
      assertThat(d.getString("attempts[0].error")).startsWith("timeout");
      assertThat(d.getString("attempts[0].response_status")).isNull();
      assertThat(d.getString("status")).isEqualTo("pending");
      assertThat(slow.received()).hasSize(1);
    }
  }

  /** An endpoint of the company with one delivery due now; its id. */
  private static long endpointWithOneDue(long company) throws Exception {
    try (Connection db = Support.db()) {
      long endpoint = insertEndpoint(db, company);
      insertDue(db, company, endpoint);
      return endpoint;
    }
  }

  /** Records the outcome on its own; whether it was written. */
  private boolean recordAlone(
      ClaimedDelivery delivery, AttemptResult result, RetryPolicy.Decision decision) {
    return outcomes
        .recordOutcome(delivery, result, decision, Duration.ofDays(5))
        .await()
        .indefinitely();
  }

  /** Records the outcome as a batch of one; the ids written. */
  private Set<Long> recordInBatch(
      ClaimedDelivery delivery, AttemptResult result, RetryPolicy.Decision decision) {
    return outcomes
        .recordOutcomes(List.of(new DeliveryOutcomes.Outcome(delivery, result, decision)))
        .await()
        .indefinitely();
  }

  private void assertNothingMoreToSend(long delivery) throws Exception {
    assertThat(claim(100).get()).as("nothing more to send").noneMatch(d -> d.id() == delivery);
  }

  /**
   * This endpoint's one due delivery, claimed; rows of other endpoints claimed too are given back.
   */
  private ClaimedDelivery claimOne(long endpoint) throws Exception {
    ClaimedDelivery mine = null;
    for (ClaimedDelivery d : claim(100).get()) {
      if (d.endpointId() == endpoint) {
        assertThat(mine).as("one due delivery of endpoint %d", endpoint).isNull();
        mine = d;
      } else {
        claims.release(d).await().indefinitely();
      }
    }
    assertThat(mine).as("a due delivery of endpoint %d", endpoint).isNotNull();
    return mine;
  }

  private void replay(long company, long endpoint, long delivery) {
    assertThat(
            deliveries
                .replay(new Tenant(company, false), endpoint, delivery)
                .await()
                .indefinitely())
        .isPresent();
  }

  private static void expireLease(long delivery) throws Exception {
    try (Connection db = Support.db();
        var st =
            db.prepareStatement(
                "UPDATE webhooks.deliveries SET locked_until = now() - interval '1 second'"
                    + " WHERE id = ?")) {
      st.setLong(1, delivery);
      st.executeUpdate();
    }
  }

  private static String status(long delivery) throws Exception {
    try (Connection db = Support.db();
        var st = db.prepareStatement("SELECT status FROM webhooks.deliveries WHERE id = ?")) {
      st.setLong(1, delivery);
      var rs = st.executeQuery();
      rs.next();
      return rs.getString(1);
    }
  }

  private CompletableFuture<List<ClaimedDelivery>> claim(int limit) {
    return claims.claimDue(limit, limit, NO_BUSY, NO_FREE, LEASE).subscribeAsCompletionStage();
  }

  private static long insertEndpoint(Connection db, long company) throws Exception {
    try (var st =
        db.prepareStatement(
            "INSERT INTO webhooks.endpoints (company_id, livemode, url, events, secret_encrypted)"
                + " VALUES (?, false, 'http://127.0.0.1:9/hooks', ARRAY['*'], '\\x00'::bytea)"
                + " RETURNING id")) {
      st.setLong(1, company);
      var rs = st.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void insertDue(Connection db, long company, long endpoint) throws Exception {
    try (var st =
        db.prepareStatement(
            "INSERT INTO webhooks.deliveries (company_id, livemode, endpoint_id, event_id,"
                + " event_type, payload, max_attempts, next_attempt_at)"
                + " VALUES (?, false, ?, ?, 'contact.created', '\\x7b7d'::bytea, 5, now())")) {
      st.setLong(1, company);
      st.setLong(2, endpoint);
      st.setString(3, newEventId());
      st.executeUpdate();
    }
  }

  /**
   * Cleanup: the endpoint and (by cascade) its deliveries. The service's own dispatcher may be
   * updating one of those deliveries at that moment, and PostgreSQL can then pick the cleanup as a
   * deadlock's victim: it is retried, as any client of a deadlock would.
   */
  private static void deleteEndpoint(long endpoint) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try (Connection db = Support.db();
          var st = db.prepareStatement("DELETE FROM webhooks.endpoints WHERE id = ?")) {
        st.setLong(1, endpoint);
        st.executeUpdate();
        return;
      } catch (java.sql.SQLException e) {
        if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
          throw e;
        }
        Thread.sleep(50L * attempt);
      }
    }
  }

  private static long attempts(long delivery) throws Exception {
    try (Connection db = Support.db();
        var st =
            db.prepareStatement(
                "SELECT count(*) FROM webhooks.delivery_attempts WHERE delivery_id = ?")) {
      st.setLong(1, delivery);
      var rs = st.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }
}
