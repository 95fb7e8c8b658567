package dev.solid.infra.testing;

import dev.solid.common.caller.InternalToken;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/** Mints internal JWTs the way the gateway does, so a service can be tested on its own. */
public final class TestTokens {
  private TestTokens() {}

  /** A token for an API key of the company in the given mode holding the scopes. */
  public static String apiKey(long companyId, boolean livemode, String... scopes) {
    return mint(
        companyId, livemode, 1000L + companyId, InternalToken.ACTOR_API_KEY, Set.of(scopes));
  }

  /** A token for the owner session of the company (every scope). */
  public static String owner(long companyId, boolean livemode, Set<String> scopes) {
    return mint(companyId, livemode, null, InternalToken.ACTOR_OWNER, scopes);
  }

  public static String mint(
      long companyId, boolean livemode, Long keyId, String actor, Set<String> scopes) {
    var builder =
        Jwt.issuer(InternalToken.ISSUER)
            .audience(InternalToken.AUDIENCE)
            .subject(keyId == null ? "owner:" + companyId : "key:" + keyId)
            .claim(InternalToken.COMPANY_ID, companyId)
            .claim(InternalToken.LIVEMODE, livemode)
            .claim(InternalToken.ACTOR, actor)
            .claim(InternalToken.REQUEST_ID, "req_test")
            .groups(scopes)
            .expiresIn(60);
    if (keyId != null) {
      builder.claim(InternalToken.KEY_ID, keyId);
    }
    return builder.jws().algorithm(SignatureAlgorithm.ES256).sign(privateKey());
  }

  private static PrivateKey privateKey() {
    try {
      Path pem = SharedInfra.jwtKeys().privateKey();
      String base64 =
          Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalStateException("Could not read the test JWT key", e);
    }
  }
}
