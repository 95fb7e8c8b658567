package dev.solid.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.idempotency.IdempotencyStore;
import dev.solid.gateway.idempotency.IdempotencyStore.Claim;
import dev.solid.gateway.idempotency.IdempotencyStore.StoredResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lock of a running idempotent request, against the real Redis. */
@QuarkusTest
class IdempotencyLockTest {
  @Inject IdempotencyStore store;
  @Inject RedisAPI redis;
  @Inject GatewayConfig config;

  private static StoredResponse response(String body) {
    return new StoredResponse(
        201, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldNotLetARequestWhoseLockExpiredCompleteOrReleaseTheNextClaim() {
    String scope = "lock-test-" + UUID.randomUUID();
    String key = UUID.randomUUID().toString();
    Claim stale = store.claim(scope, key, "fp").await().indefinitely();
    assertThat(stale).isInstanceOf(Claim.Acquired.class);
    // The first request outlives its lock…
    redis.del(List.of("solid:idem:{" + scope + "}:" + key)).await().indefinitely();
    // …and a retry with the same request claims the key anew.
    Claim fresh = store.claim(scope, key, "fp").await().indefinitely();
    assertThat(fresh).isInstanceOf(Claim.Acquired.class);
    String staleToken = ((Claim.Acquired) stale).token();
    String freshToken = ((Claim.Acquired) fresh).token();
    assertThat(staleToken).isNotEqualTo(freshToken);

    boolean staleStored =
        store.completeIfHeld(scope, key, staleToken, response("stale")).await().indefinitely();
    boolean staleReleased = store.releaseIfHeld(scope, key, staleToken).await().indefinitely();

    assertThat(staleStored).isFalse();
    assertThat(staleReleased).isFalse();
    assertThat(store.claim(scope, key, "fp").await().indefinitely())
        .isInstanceOf(Claim.InProgress.class);
    assertThat(
            store.completeIfHeld(scope, key, freshToken, response("fresh")).await().indefinitely())
        .isTrue();
    Claim replay = store.claim(scope, key, "fp").await().indefinitely();
    assertThat(replay).isInstanceOf(Claim.Replay.class);
    assertThat(new String(((Claim.Replay) replay).response().body(), StandardCharsets.UTF_8))
        .isEqualTo("fresh");
  }

  @Test
  void shouldNotLetAStaleReleaseFreeAFinishedRecord() {
    String scope = "lock-test-" + UUID.randomUUID();
    String key = UUID.randomUUID().toString();
    String token = ((Claim.Acquired) store.claim(scope, key, "fp").await().indefinitely()).token();
    assertThat(store.completeIfHeld(scope, key, token, response("done")).await().indefinitely())
        .isTrue();

    assertThat(store.releaseIfHeld(scope, key, token).await().indefinitely()).isFalse();
    assertThat(store.completeIfHeld(scope, key, token, response("again")).await().indefinitely())
        .isFalse();

    Claim replay = store.claim(scope, key, "fp").await().indefinitely();
    assertThat(new String(((Claim.Replay) replay).response().body(), StandardCharsets.UTF_8))
        .isEqualTo("done");
  }

  @Test
  void shouldKeepTheTotalUpstreamDeadlineShorterThanTheLock() {
    // ServiceForwarder refuses to start otherwise; the defaults must pass that check.
    assertThat(config.upstreamDeadline()).isLessThan(config.idempotency().lockTtl());
  }
}
