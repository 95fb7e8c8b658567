package dev.solid.gateway;

import static dev.solid.gateway.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.gateway.auth.Delegations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** mcp-service's tools calling the API back with the caller's key and their delegation. */
@QuarkusTest
class DelegationTest {
  @Inject MeterRegistry registry;

  /** The internal JWT the gateway gave mcp-service for an MCP request of this key. */
  static String delegationFor(String key) {
    String session = McpHopTest.initialize(key);
    String authorization = McpHopTest.receivedFor(session).get(0).headers().get("Authorization");
    return authorization.substring("Bearer ".length());
  }

  double keyLookups() {
    return registry.find("solid.gateway.key.lookups").counter().count();
  }

  @Test
  void shouldAuthenticateACallBackFromItsDelegationWithoutLookingTheKeyUpAgain() {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "test", 7, "read:contacts");
    String delegation = delegationFor(key);

    double before = keyLookups();
    Response response = as(key).header(Delegations.HEADER, delegation).get("/api/v1/crm/contacts");
    response.then().statusCode(200);
    assertThat(keyLookups()).isEqualTo(before);
    // Charged to the key, with its own limit, like any API call.
    assertThat(response.header("X-RateLimit-Limit")).isEqualTo("7");
    assertThat(response.header("X-RateLimit-Remaining")).isEqualTo("5");
    // The service gets a fresh internal JWT for the same caller, never the delegation itself.
    String forwarded = response.jsonPath().getString("authorization");
    assertThat(forwarded).isNotEqualTo("Bearer " + delegation);
    String claims = claims(forwarded.substring(7));
    assertThat(claims).contains("\"cid\":" + company.id(), "\"live\":false", "read:contacts");

    // Without the delegation the same request costs a lookup: the counter does count them.
    as(key).get("/api/v1/crm/contacts").then().statusCode(200);
    assertThat(keyLookups()).isEqualTo(before + 1);
  }

  @Test
  void shouldStillEnforceScopesOnACallBack() {
    String key = McpHopTest.key("read:contacts");
    String delegation = delegationFor(key);
    Response response =
        as(key)
            .header(Delegations.HEADER, delegation)
            .contentType(ContentType.JSON)
            .body("{\"first_name\":\"Ann\"}")
            .post("/api/v1/crm/contacts");
    response.then().statusCode(403).contentType("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo("forbidden");
    assertThat(response.jsonPath().getString("message")).contains("write:contacts");
  }

  @Test
  void shouldRefuseADelegationPresentedWithAnotherCredential() {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "test", null, "read:contacts");
    String other = Api.createKey(company, "test", null, "read:contacts", "write:contacts");
    String delegation = delegationFor(key);
    for (String credential : List.of(other, key + "x")) {
      Response response =
          as(credential).header(Delegations.HEADER, delegation).get("/api/v1/crm/contacts");
      response.then().statusCode(401).contentType("application/problem+json");
      assertThat(response.jsonPath().getString("code")).isEqualTo("unauthorized");
    }
    io.restassured.RestAssured.given()
        .header(Delegations.HEADER, delegation)
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401);
  }

  @Test
  void shouldRefuseAForgedOrAlteredDelegationRatherThanFallBackToTheKey() throws Exception {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "test", null, "read:contacts");
    String genuine = delegationFor(key);

    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    String forged =
        claimsLike(key, company.id(), Instant.now().plusSeconds(60))
            .jws()
            .algorithm(SignatureAlgorithm.ES256)
            .sign(generator.generateKeyPair().getPrivate());
    String[] parts = genuine.split("\\.");
    String altered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    claims(genuine)
                        .replace("\"cid\":" + company.id(), "\"cid\":" + (company.id() + 1))
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    for (String delegation : List.of(forged, altered, "garbage")) {
      as(key)
          .header(Delegations.HEADER, delegation)
          .get("/api/v1/crm/contacts")
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
    }
  }

  @Test
  void shouldRefuseAnExpiredDelegation() {
    Api.Company company = Api.signup("builder");
    String key = Api.createKey(company, "test", null, "read:contacts");
    // Signed with the gateway's own key, bound to the key, but two minutes past its expiry.
    String expired =
        claimsLike(key, company.id(), Instant.now().minusSeconds(120))
            .jws()
            .algorithm(SignatureAlgorithm.ES256)
            .sign();
    String fresh =
        claimsLike(key, company.id(), Instant.now().plusSeconds(60))
            .jws()
            .algorithm(SignatureAlgorithm.ES256)
            .sign();
    as(key).header(Delegations.HEADER, fresh).get("/api/v1/crm/contacts").then().statusCode(200);
    as(key)
        .header(Delegations.HEADER, expired)
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void shouldRefuseAnInternalTokenMintedForAnotherRoute() {
    String key = McpHopTest.key("read:contacts");
    String internal =
        as(key).get("/api/v1/crm/contacts").jsonPath().getString("authorization").substring(7);
    Response response = as(key).header(Delegations.HEADER, internal).get("/api/v1/crm/contacts");
    response.then().statusCode(401);
    assertThat(response.jsonPath().getString("message")).contains("not issued for delegation");
  }

  @Test
  void shouldRebuildAnOAuthGrantFromItsDelegationAndRefuseOneNamingTwoCallers() {
    Api.Company company = Api.signup("builder");
    // An MCP client's access token: the delegation stands for its grant, not for a key.
    String accessToken = "sat_" + java.util.UUID.randomUUID();
    String grant =
        Jwt.issuer("solid-gateway")
            .audience("solid-internal")
            .subject("grant:77")
            .claim("cid", company.id())
            .claim("live", false)
            .claim("grant_id", 77L)
            .claim("act", "api_key")
            .claim(
                Delegations.CREDENTIAL_DIGEST,
                Delegations.credentialDigest("Bearer " + accessToken))
            .claim(Delegations.RATE_LIMIT, 9)
            .claim(Delegations.PLAN_RATE_LIMIT, 120)
            .groups(Set.of("read:contacts"))
            .expiresIn(60)
            .jws()
            .algorithm(SignatureAlgorithm.ES256)
            .sign();
    Response response =
        as(accessToken).header(Delegations.HEADER, grant).get("/api/v1/crm/contacts");
    response.then().statusCode(200);
    assertThat(response.header("X-RateLimit-Limit")).isEqualTo("9");
    assertThat(claims(response.jsonPath().getString("authorization").substring(7)))
        .contains("\"grant_id\":77", "\"sub\":\"grant:77\"");

    String twoCallers =
        claimsLike(accessToken, company.id(), Instant.now().plusSeconds(60))
            .claim("grant_id", 77L)
            .jws()
            .algorithm(SignatureAlgorithm.ES256)
            .sign();
    as(accessToken)
        .header(Delegations.HEADER, twoCallers)
        .get("/api/v1/crm/contacts")
        .then()
        .statusCode(401);
  }

  /** The claims the gateway puts in a delegable token of a key it does not look up here. */
  private io.smallrye.jwt.build.JwtClaimsBuilder claimsLike(
      String key, long companyId, Instant expiresAt) {
    return Jwt.issuer("solid-gateway")
        .audience("solid-internal")
        .subject("key:1")
        .claim("cid", companyId)
        .claim("live", false)
        .claim("key_id", 1L)
        .claim("act", "api_key")
        .claim(Delegations.CREDENTIAL_DIGEST, Delegations.credentialDigest("Bearer " + key))
        .claim(Delegations.RATE_LIMIT, 120)
        .claim(Delegations.PLAN_RATE_LIMIT, 120)
        .groups(Set.of("read:contacts"))
        .issuedAt(expiresAt.minusSeconds(60))
        .expiresAt(expiresAt);
  }

  private static String claims(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
