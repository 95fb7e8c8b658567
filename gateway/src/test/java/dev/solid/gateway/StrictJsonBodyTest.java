package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile bodies to the gateway's own endpoints (signup, login, key creation): each is a 400 or a
 * 422 problem+json naming the field, never a 500, never stored loosely, and an error never echoes a
 * whole input.
 */
@QuarkusTest
class StrictJsonBodyTest {
  private static final String SIGNUP = "/api/v1/auth/signup";
  private static final String LOGIN = "/api/v1/auth/login";
  private static final String KEYS = "/api/v1/auth/keys";

  @Test
  void shouldAnswer400ToANullBodyOnEveryEndpoint() {
    Api.Company company = Api.signup("starter");
    for (Response response :
        List.of(
            post(null, SIGNUP, "null"),
            post(null, LOGIN, "null"),
            post(company.ownerToken(), KEYS, "null"))) {
      assertProblem(response, 400, "bad_request");
      assertThat(response.jsonPath().getString("message")).contains("JSON object");
    }
  }

  @Test
  void shouldAnswer422NamingTheItemForANullInAList() {
    Api.Company company = Api.signup("starter");
    Response response =
        post(company.ownerToken(), KEYS, "{\"name\":\"k\",\"scopes\":[null],\"mode\":\"test\"}");

    assertProblem(response, 422, "validation_error");
    assertThat(response.jsonPath().getString("details[0].field")).isEqualTo("scopes[0]");
    assertThat(response.jsonPath().getString("details[0].error")).isEqualTo("invalid_type");
  }

  @Test
  void shouldAnswer422InvalidCharactersForNulInAnyStringField() {
    Api.Company company = Api.signup("starter");
    List<Map.Entry<String, Response>> byField =
        List.of(
            Map.entry(
                "company_name",
                post(null, SIGNUP, signup("Nul\\u0000Co", "nul-co@example.com", "long enough pw"))),
            Map.entry(
                "email",
                post(null, SIGNUP, signup("Nul Co", "nul\\u0000@example.com", "long enough pw"))),
            Map.entry(
                "password",
                post(null, SIGNUP, signup("Nul Co", "nul-pw@example.com", "long enough\\u0000pw"))),
            Map.entry(
                "email",
                post(null, LOGIN, "{\"email\":\"a\\u0000@example.com\",\"password\":\"x\"}")),
            Map.entry(
                "name",
                post(
                    company.ownerToken(),
                    KEYS,
                    "{\"name\":\"k\\u0000\",\"scopes\":[\"read:contacts\"]}")),
            Map.entry(
                "scopes[0]",
                post(company.ownerToken(), KEYS, "{\"name\":\"k\",\"scopes\":[\"read\\u0000\"]}")));

    for (Map.Entry<String, Response> entry : byField) {
      assertProblem(entry.getValue(), 422, "validation_error");
      assertThat(entry.getValue().jsonPath().getString("details[0].field"))
          .isEqualTo(entry.getKey());
      assertThat(entry.getValue().jsonPath().getString("details[0].error"))
          .isEqualTo("invalid_characters");
    }
  }

  @Test
  void shouldAnswer422InvalidCharactersForALoneSurrogate() {
    Api.Company company = Api.signup("starter");
    Response escaped =
        post(company.ownerToken(), KEYS, "{\"name\":\"k\\ud800\",\"scopes\":[\"read:contacts\"]}");

    assertProblem(escaped, 422, "validation_error");
    assertThat(escaped.jsonPath().getString("details[0].field")).isEqualTo("name");
    assertThat(escaped.jsonPath().getString("details[0].error")).isEqualTo("invalid_characters");
  }

  @Test
  void shouldAnswer400ToBytesThatAreNotUtf8() {
    Api.Company company = Api.signup("starter");
    byte[][] invalid = {
      {(byte) 0xff}, // never valid
      {(byte) 0xc3, (byte) 0x28}, // broken sequence
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
      {(byte) 0xc1, (byte) 0x81}, // overlong "A"
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80} // above U+10FFFF
    };
    for (byte[] bad : invalid) {
      Response response =
          as(company.ownerToken())
              .contentType(ContentType.JSON)
              .body(keyBodyWithNameBytes(bad))
              .post(KEYS);
      assertProblem(response, 400, "bad_request");
    }
  }

  @Test
  void shouldAnswer400NamingADuplicatedKey() {
    Api.Company company = Api.signup("starter");
    Response response =
        post(
            company.ownerToken(),
            KEYS,
            "{\"name\":\"a\",\"name\":\"b\",\"scopes\":[\"read:contacts\"]}");

    assertProblem(response, 400, "bad_request");
    assertThat(response.jsonPath().getString("message")).contains("'name'");
  }

  @Test
  void shouldAnswer400ToConcatenatedJson() {
    Api.Company company = Api.signup("starter");
    String one = "{\"name\":\"a\",\"scopes\":[\"read:contacts\"]}";

    assertProblem(post(company.ownerToken(), KEYS, one + one), 400, "bad_request");
    assertThat(as(company.ownerToken()).get(KEYS).jsonPath().getInt("total")).isZero();
  }

  @Test
  void shouldAnswer422InvalidTypeForAValueOfTheWrongJsonType() {
    Api.Company company = Api.signup("starter");
    Map<String, String> bodies =
        Map.of(
            "{\"name\":1e309,\"scopes\":[\"read:contacts\"]}", "name",
            "{\"name\":1,\"scopes\":[\"read:contacts\"]}", "name",
            "{\"name\":true,\"scopes\":[\"read:contacts\"]}", "name",
            "{\"name\":\"k\",\"scopes\":[\"read:contacts\"],\"mode\":false}", "mode",
            "{\"name\":\"k\",\"scopes\":[7]}", "scopes[0]",
            "{\"name\":\"k\",\"scopes\":\"read:contacts\"}", "scopes",
            "{\"name\":\"k\",\"scopes\":[\"read:contacts\"],\"rate_limit_per_minute\":1.5}",
                "rate_limit_per_minute",
            "{\"name\":\"k\",\"scopes\":[\"read:contacts\"],\"rate_limit_per_minute\":\"5\"}",
                "rate_limit_per_minute",
            "{\"name\":\"k\",\"scopes\":[\"read:contacts\"],\"rate_limit_per_minute\":4294967297}",
                "rate_limit_per_minute");

    bodies.forEach(
        (body, field) -> {
          Response response = post(company.ownerToken(), KEYS, body);
          assertProblem(response, 422, "validation_error");
          assertThat(response.jsonPath().getString("details[0].field")).isEqualTo(field);
          assertThat(response.jsonPath().getString("details[0].error")).isEqualTo("invalid_type");
          assertThat(response.jsonPath().getString("message")).contains("'" + field + "'");
        });
    assertThat(as(company.ownerToken()).get(KEYS).jsonPath().getInt("total")).isZero();
  }

  @Test
  void shouldCapWhatAnErrorEchoesOfAHugeValue() {
    String huge = "x".repeat(100_000);
    Response response = post(null, SIGNUP, signup("Echo Co", huge, "long enough pw"));

    assertProblem(response, 422, "validation_error");
    String received =
        response.jsonPath().getString("details.find { it.field == 'email' }.received");
    assertThat(received).hasSize(101).endsWith("…");
    assertThat(response.asByteArray().length).isLessThan(2_000);
  }

  @Test
  void shouldCapWhatAnErrorEchoesOfAListOfHugeValues() {
    Api.Company company = Api.signup("starter");
    StringBuilder scopes = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      scopes.append(i == 0 ? "" : ",").append('"').append("y".repeat(10_000)).append(i).append('"');
    }
    Response response =
        post(company.ownerToken(), KEYS, "{\"name\":\"k\",\"scopes\":" + scopes + "]}");

    assertProblem(response, 422, "validation_error");
    List<String> received = response.jsonPath().getList("details[0].received");
    assertThat(received).hasSizeLessThanOrEqualTo(10).allMatch(s -> s.length() <= 101);
    assertThat(response.asByteArray().length).isLessThan(4_000);
  }

  private static String signup(String companyName, String email, String password) {
    return "{\"company_name\":\""
        + companyName
        + "\",\"email\":\""
        + email
        + "\",\"password\":\""
        + password
        + "\"}";
  }

  private static byte[] keyBodyWithNameBytes(byte[] name) {
    byte[] head = "{\"name\":\"k".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\",\"scopes\":[\"read:contacts\"]}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + name.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(name, 0, body, head.length, name.length);
    System.arraycopy(tail, 0, body, head.length + name.length, tail.length);
    return body;
  }

  private static Response post(String credential, String path, String body) {
    var request = credential == null ? given() : as(credential);
    return request.contentType(ContentType.JSON).body(body).post(path);
  }

  private static void assertProblem(Response response, int status, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
    assertThat(response.asString()).doesNotContain("Exception").doesNotContain("at [Source");
  }
}
