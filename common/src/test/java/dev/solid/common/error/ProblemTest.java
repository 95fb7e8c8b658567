package dev.solid.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {
  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

  @Test
  void shouldTakeStatusAndTitleFromTheCode() {
    ApiException e = new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_USE, "busy");
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.toProblem("req_1").title()).isEqualTo("Conflict");
    assertThat(e.toProblem("req_1").type())
        .isEqualTo("https://docs.solid.dev/errors/idempotency_key_in_use");
  }

  @Test
  void shouldWriteExtensionMembersAtTopLevel() throws Exception {
    ApiException e =
        new ApiException(
                ErrorCode.ACCOUNT_DAILY_LIMIT_REACHED,
                "cap",
                List.of(ProblemDetail.of("resets_at", "daily_limit_reached")))
            .member("resets_at", "2026-12-02T00:00:00Z")
            .retryAfter(0);
    String body = json.writeValueAsString(e.toProblem("req_2"));
    assertThat(json.readTree(body).path("resets_at").asText()).isEqualTo("2026-12-02T00:00:00Z");
    assertThat(json.readTree(body).has("extensions")).isFalse();
    assertThat(json.readTree(body).path("status").asInt()).isEqualTo(429);
    assertThat(e.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void shouldMapEveryPublishedCodeBackFromItsName() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.fromCode(code.code())).isSameAs(code);
    }
    assertThat(ErrorCode.forStatus(418)).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(ErrorCode.forStatus(599)).isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void shouldListAtMostFiftyDetails() {
    List<ProblemDetail> many =
        java.util.stream.IntStream.range(0, 2000)
            .mapToObj(i -> new ProblemDetail("events[" + i + "]", "unknown_event", "v" + i))
            .toList();
    assertThat(Problem.of(ErrorCode.VALIDATION_ERROR, "bad", many, "req").details())
        .hasSize(Problem.MAX_DETAILS);
  }
}
