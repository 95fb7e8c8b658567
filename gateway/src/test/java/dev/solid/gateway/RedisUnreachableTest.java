package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway with PostgreSQL but no Redis (its address is a closed port): the rate limiter fails
 * open, an Idempotency-Key fails closed.
 */
@QuarkusTest
@TestProfile(RedisUnreachableTest.NoRedis.class)
class RedisUnreachableTest {
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          warnings.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  public static class NoRedis implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + Ports.free());
    }
  }

  @BeforeEach
  void captureWarnings() {
    Logger.getLogger("dev.solid.gateway.ratelimit.RateLimiter").addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger("dev.solid.gateway.ratelimit.RateLimiter").removeHandler(capture);
  }

  @Test
  void shouldLetRequestsThroughWithAWarningWhenTheRateLimiterCannotReachRedis() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", 1, "read:contacts");

    // A limit of 1, and yet both pass: the limiter is open while Redis is away.
    Response first = as(key).get("/api/v1/crm/contacts");
    Response second = as(key).get("/api/v1/crm/contacts");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.header("X-RateLimit-Limit")).isEqualTo("1");
    assertThat(warnings)
        .anyMatch(
            r -> r.getMessage() != null && r.getMessage().contains("Rate limiter unavailable"));
  }

  @Test
  void shouldRefuseAnIdempotentRequestWith503ButRunTheSameRequestWithoutTheHeader() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "write:contacts");
    String path = "/api/v1/crm/no-redis-" + UUID.randomUUID();

    Response idempotent =
        as(key)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .contentType(ContentType.JSON)
            .body("{\"name\":\"Sarah\"}")
            .post(path);

    assertThat(idempotent.statusCode()).isEqualTo(503);
    assertThat(idempotent.contentType()).startsWith("application/problem+json");
    assertThat(idempotent.jsonPath().getString("code")).isEqualTo("service_unavailable");
    assertThat(idempotent.header("Retry-After")).isNotNull();
    assertThat(EchoUpstream.calls(path)).isZero();

    Response plain = as(key).contentType(ContentType.JSON).body("{\"name\":\"Sarah\"}").post(path);
    assertThat(plain.statusCode()).isEqualTo(201);
    assertThat(EchoUpstream.calls(path)).isEqualTo(1);
  }

  @Test
  void shouldAnswer503ToAnMcpRequestWhoseSessionCannotBeLookedUp() {
    Api.Company company = Api.signup("starter");
    String key = Api.createKey(company, "test", null, "read:contacts");
    // initialize cannot store its session: no session id the gateway would not know.
    Response initialize = McpHopTest.mcp(key, null).body(McpHopTest.initializeBody()).post("/mcp");
    assertThat(initialize.statusCode()).isEqualTo(503);
    assertThat(initialize.header("Mcp-Session-Id")).isNull();
    Response inSession =
        McpHopTest.mcp(key, "mcps_unknown").body(McpHopTest.TOOLS_LIST).post("/mcp");
    assertThat(inSession.statusCode()).isEqualTo(503);
    assertThat(inSession.contentType()).startsWith("application/problem+json");
    assertThat(inSession.header("Retry-After")).isNotNull();
  }
}
