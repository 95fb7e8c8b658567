package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SolidStack.class)
class ErrorEnvelopeIT {
  private static final String CONTACTS = "/api/v1/crm/contacts";

  @Test
  void shouldAnswerNotFoundEnvelopeForUnknownRoute(Api api) {
    Api.Company company = api.newCompany();
    assertProblem(
        api.get("/api/v1/no-such-thing").bearer(company.testKey()).send(), 404, "not_found");
  }

  @Test
  void shouldHideAnotherCompanysContactAsNotFound(Api api) {
    Api.Company owner = api.newCompany();
    Api.Company stranger = api.newCompany();
    Api.Response created =
        api.post(CONTACTS).bearer(owner.testKey()).json(Api.contact("Private")).send();
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String path = CONTACTS + "/" + created.json().path("id").asText();

    assertProblem(api.get(path).bearer(stranger.testKey()).send(), 404, "not_found");
    assertProblem(
        api.patch(path).bearer(stranger.testKey()).json(Map.of("name", "Stolen")).send(),
        404,
        "not_found");
    assertProblem(api.delete(path).bearer(stranger.testKey()).send(), 404, "not_found");
    assertThat(api.get(path).bearer(owner.testKey()).send().json().path("name").asText())
        .isEqualTo("Private");
  }

  @Test
  void shouldAnswerValidationErrorWithDetailsForBadEmail(Api api) {
    Api.Company company = api.newCompany();
    JsonNode problem =
        assertProblem(
            api.post(CONTACTS)
                .bearer(company.testKey())
                .json(Map.of("name", "Bad Email", "email", "not-an-email"))
                .send(),
            422,
            "validation_error");
    assertThat(problem.path("details").isArray()).isTrue();
    assertThat(problem.path("details").findValuesAsText("field")).contains("email");
  }

  @Test
  void shouldRejectLimitAboveTwoHundred(Api api) {
    Api.Company company = api.newCompany();
    assertProblem(
        api.get(CONTACTS + "?limit=201").bearer(company.testKey()).send(), 422, "validation_error");
  }

  @Test
  void shouldRejectBodyOverOneMebibyte(Api api) {
    Api.Company company = api.newCompany();
    String huge = "x".repeat(1024 * 1024 + 10);
    assertProblem(
        api.post(CONTACTS)
            .bearer(company.testKey())
            .json(Map.of("name", huge, "email", "big@example.com"))
            .send(),
        413,
        "payload_too_large");
  }

  @Test
  void shouldRejectNonJsonContentType(Api api) {
    Api.Company company = api.newCompany();
    assertProblem(
        api.post(CONTACTS).bearer(company.testKey()).raw("text/plain", "name=Plain").send(),
        415,
        "unsupported_media_type");
  }

  @Test
  void shouldRejectMalformedJson(Api api) {
    Api.Company company = api.newCompany();
    assertProblem(
        api.post(CONTACTS).bearer(company.testKey()).raw("application/json", "{\"name\":").send(),
        400,
        "bad_request");
  }
}
