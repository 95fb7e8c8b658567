package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on the error envelope every error response must have. */
final class Problems {
  private Problems() {}

  /** RFC 9457 problem+json carrying the seed's members, and the request id in the header too. */
  static JsonNode assertProblem(Api.Response response, int status, String code) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(status);
    assertThat(response.header("Content-Type"))
        .as("content type of %s", response)
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = response.json();
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("code").asText()).isEqualTo(code);
    assertThat(problem.path("type").asText()).isNotBlank();
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("message").asText()).isNotBlank();
    assertThat(problem.path("request_id").asText()).isNotBlank();
    assertThat(response.header("X-Request-Id")).hasValue(problem.path("request_id").asText());
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return problem;
  }
}
